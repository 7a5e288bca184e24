import * as l10n from '@vscode/l10n';
/**
 * Builds the one undici dispatcher the transport uses, from VS Code's proxy settings and the proxy
 * environment variables. VS Code's own proxy support patches only the global fetch and http/https, not an
 * imported undici, so this has to be done here; and it must never become the global dispatcher, because
 * every extension in the host shares it.
 */
import type { Dispatcher } from 'undici';
import { EnvHttpProxyAgent } from './undici';
import { NetworkError } from './errors';

/** VS Code's http.proxy, http.noProxy, http.proxyStrictSSL, http.proxyAuthorization. */
export interface ProxySettings {
  /** e.g. http://proxy.corp:3128 — used for both http and https targets; empty = environment */
  readonly proxy?: string;
  /** host names (and host:port) that bypass the proxy; empty = NO_PROXY */
  readonly noProxy?: readonly string[];
  /**
   * verify TLS certificates on proxied connections (default true). VS Code documents http.proxyStrictSSL as
   * "whether the proxy server certificate should be verified", so direct connections are always verified.
   */
  readonly strictSSL?: boolean;
  /** the whole Proxy-Authorization header value, e.g. "Basic dXNlcjpwYXNz" */
  readonly proxyAuthorization?: string;
}

export type ProxyEnv = Readonly<Record<string, string | undefined>>;

export interface DispatcherOptions {
  readonly proxy?: ProxySettings;
  /** defaults to process.env, read once here so the result does not change behind the transport's back */
  readonly env?: ProxyEnv;
  readonly connectTimeoutMs: number;
}

/** The proxy choices after settings and environment are merged; exported for tests and logs. */
export interface EffectiveProxy {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

export function effectiveProxy(proxy: ProxySettings = {}, env: ProxyEnv = process.env): EffectiveProxy {
  const fromSetting = proxy.proxy?.trim();
  const httpProxy = fromSetting || env.http_proxy || env.HTTP_PROXY || '';
  const httpsProxy = fromSetting || env.https_proxy || env.HTTPS_PROXY || '';
  const noProxy = proxy.noProxy && proxy.noProxy.length > 0 ? proxy.noProxy.join(',') : (env.no_proxy ?? env.NO_PROXY ?? '');
  return { httpProxy: httpProxy.trim(), httpsProxy: httpsProxy.trim(), noProxy };
}

export function buildDispatcher(options: DispatcherOptions): Dispatcher {
  const settings = options.proxy ?? {};
  const { httpProxy, httpsProxy, noProxy } = effectiveProxy(settings, options.env);
  for (const uri of [httpProxy, httpsProxy]) {
    if (uri && !isProxyUrl(uri)) {
      throw new NetworkError('PROXY_CONFIG', l10n.t('the proxy'), { request: l10n.t('proxy "{0}"', withoutCredentials(uri)) });
    }
  }
  const rejectUnauthorized = settings.strictSSL !== false;
  // Explicit strings (even empty ones) stop EnvHttpProxyAgent from reading process.env itself.
  return new EnvHttpProxyAgent({
    httpProxy,
    httpsProxy,
    noProxy,
    // `connect` serves direct connections only (a proxied one uses proxyTls and requestTls): always verified
    connect: { timeout: options.connectTimeoutMs, rejectUnauthorized: true },
    requestTls: { rejectUnauthorized, timeout: options.connectTimeoutMs },
    proxyTls: { rejectUnauthorized, timeout: options.connectTimeoutMs },
    token: settings.proxyAuthorization?.trim() || undefined,
    // Plain http targets are forwarded in absolute form rather than tunnelled: some proxies allow CONNECT to 443 only.
    proxyTunnel: false,
  });
}

function isProxyUrl(uri: string): boolean {
  try {
    const u = new URL(uri);
    return ['http:', 'https:', 'socks:', 'socks5:'].includes(u.protocol) && !!u.hostname;
  } catch {
    return false;
  }
}

function withoutCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}
