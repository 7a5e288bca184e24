/**
 * The parts of undici the client uses, required from their own files. `import 'undici'` bundles all of it
 * (fetch, WebSocket, cache stores, mocks…: ~535 KB that VS Code parses before the first request); these
 * parts are ~310 KB. undici has no "exports" map, so the paths are importable; package-lock.json pins the
 * version, and test/unit/core/api sends real requests through both (directly and through a proxy).
 */
import type { Dispatcher, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- undici's files are CommonJS without typings */
const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
const api = require('undici/lib/api') as { request: RequestFn } & Record<string, unknown>;
export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof EnvHttpProxyAgentType;
/* eslint-enable @typescript-eslint/no-require-imports */

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// What undici's main module does: dispatchers get request(), connect()… — ProxyAgent opens its tunnels with connect().
Object.assign(DispatcherBase.prototype, api);

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher };

/** undici.request(url, options) for an absolute http(s) URL, always through the given dispatcher. */
export function request(url: string, { dispatcher, ...options }: RequestOptions): Promise<Dispatcher.ResponseData> {
  const target = new URL(url);
  return api.request.call(dispatcher, { ...options, origin: target.origin, path: `${target.pathname}${target.search}` });
}
