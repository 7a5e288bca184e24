/** The public surface of the API layer: import from here, not from the files behind it. */
export { NextmvClient, type NextmvClientOptions, type CallOptions, type ListOptions } from './client';
export { DEFAULT_BASE_URL, normalizeBaseUrl, baseUrlProblem } from './baseUrl';
export { UndiciTransport, type UndiciTransportOptions } from './http';
export {
  DEFAULT_TIMEOUTS,
  DEFAULT_MAX_RESPONSE_BYTES,
  type Transport,
  type TransportOptions,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type RetryOptions,
  type Timeouts,
} from './transport';
export { fetchTransport, type FetchFunction } from './fetchTransport';
export { buildDispatcher, effectiveProxy, type ProxySettings, type ProxyEnv, type EffectiveProxy } from './dispatcher';
export { DEFAULT_RETRY } from './retry';
export * from './errors';
export * from './types';
export * from './runs';
