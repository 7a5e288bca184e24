/**
 * The alternative transport over a `fetch` function — in the extension host, VS Code's patched global
 * fetch, which follows the system proxy configuration including PAC files and Kerberos/NTLM proxies that
 * undici's own ProxyAgent cannot speak. Same contract as UndiciTransport: timeouts, GET retries, size limit.
 */
import { RequestDeadline } from './deadline';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpRequest, type HttpResponse, resolveTimeouts, type Timeouts, type Transport, type TransportOptions } from './transport';
import { collectLimited } from './readBody';
import { sendWithRetry } from './retry';
import { errorContext, toTransportError } from './transportErrors';
import { credentialsOf, redact } from '../redact';

export type FetchFunction = typeof globalThis.fetch;

export function fetchTransport(fetchFn: FetchFunction = globalThis.fetch, options: TransportOptions = {}): Transport {
  const timeouts: Timeouts = resolveTimeouts(options.timeouts);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const log = (line: string, req: HttpRequest): void => {
    if (!options.log) return;
    options.log(redact(line, credentialsOf(req.headers)));
  };

  async function sendOnce(req: HttpRequest): Promise<HttpResponse> {
    const ctx = errorContext(req, timeouts);
    const deadline = new RequestDeadline(timeouts, req.signal);
    const started = performance.now();
    try {
      // Redirects are not followed: the API does not redirect, and following one could carry the key elsewhere.
      const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, signal: deadline.signal, redirect: 'manual' });
      deadline.headersReceived();
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
      const body = res.body
        ? await collectLimited(chunksOf(res.body), {
            maxBytes,
            // fetch decompresses: Content-Length then counts the compressed bytes, so it is only trusted uncompressed
            declaredLength: headers['content-encoding'] ? undefined : headers['content-length'],
            onAbandon: () => undefined, // leaving chunksOf cancels the stream
            onChunk: () => deadline.progress(),
            context: ctx,
          })
        : '';
      log(`${ctx.request} → ${res.status} (${Math.round(performance.now() - started)} ms)`, req);
      return { status: res.status, headers, body };
    } catch (err) {
      const typed = toTransportError(deadline.timedOut ?? err, ctx);
      log(`${ctx.request} failed after ${Math.round(performance.now() - started)} ms: ${typed.userMessage}`, req);
      throw typed;
    } finally {
      deadline.dispose();
    }
  }

  return { request: (req) => sendWithRetry(sendOnce, req, options.retry, log) };
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // Left early (size limit, error): stop the download instead of letting it run on.
    if (!finished) reader.cancel().catch(() => undefined);
  }
}
