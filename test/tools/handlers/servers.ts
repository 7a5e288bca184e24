/**
 * Small local HTTP servers that stand in for a handler that misbehaves (hangs, redirects, answers too much)
 * or for a relay that changes the body after it was signed. Each records what it received.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 (or `host`) that hands each request, its body read, to `handle`. */
export async function serve(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void, host = '127.0.0.1'): Promise<TestServer> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Answers every request by writing `chunk` for as long as the client reads. */
export function endlessAnswer(chunk = Buffer.alloc(16 * 1024, 'y')) {
  return (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };
}

/**
 * Forwards each request to `target` (same path and headers) with `change` applied to its body — a body
 * changed after it was signed — and relays the answer.
 */
export function tamperingRelay(target: string, change: (body: string) => string) {
  return (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void => {
    const headers = { ...req.headers };
    delete headers['content-length'];
    delete headers.host;
    fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers: headers as Record<string, string>, body: change(body.toString('utf8')) })
      .then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
        res.end(await answer.text());
      })
      .catch((err: unknown) => res.writeHead(502).end(String(err)));
  };
}
