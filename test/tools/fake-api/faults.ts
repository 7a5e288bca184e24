/**
 * Injected faults: a list the control route fills, consulted for every /v1 request, and the code that
 * misbehaves on the wire (status, reset, stalled body, malformed JSON, huge body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSpec, RouteName } from './types';

export class FaultBook {
  private faults: FaultSpec[] = [];

  add(fault: FaultSpec): void {
    this.faults.push({ ...fault });
  }

  list(): FaultSpec[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault for this route, counted down when it is limited to N requests. */
  take(route: RouteName | undefined): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => f.route === undefined || f.route === '*' || f.route === route);
    if (i < 0) return undefined;
    const fault = this.faults[i];
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(i, 1);
    }
    return fault;
  }
}

/** Whether the fault does more than delay. */
export function hasEffect(fault: FaultSpec): boolean {
  return fault.status !== undefined || !!fault.reset || !!fault.stall || !!fault.malformedJson || fault.hugeBodyBytes !== undefined;
}

/** Misbehaves as the fault says; returns a short description for the request log. */
export async function applyFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse): Promise<string> {
  if (fault.reset) {
    req.socket.resetAndDestroy();
    return 'reset';
  }
  if (fault.stall) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"items":[');
    // …and nothing more: the connection stays open until the client gives up or the server closes.
    return 'stall';
  }
  if (fault.malformedJson) {
    const text = '{"items":[{"id":"orders-prod","event_types":["run.status"],"endpoint_url":"https://hooks.exa';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
    return 'malformedJson';
  }
  if (fault.hugeBodyBytes !== undefined) {
    await writeHugeBody(res, fault.hugeBodyBytes);
    return `hugeBody ${fault.hugeBodyBytes}`;
  }
  const status = fault.status ?? 500;
  const headers: Record<string, string> = { 'content-type': fault.body !== undefined && !fault.body.trim().startsWith('{') ? 'text/plain' : 'application/json' };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  const body = fault.body ?? JSON.stringify({ error: `injected fault: ${status} ${statusText(status)}` });
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
  return `status ${status}`;
}

/** Valid JSON of exactly `bytes` bytes, streamed in chunks (no Content-Length), stopping if the client leaves. */
async function writeHugeBody(res: ServerResponse, bytes: number): Promise<void> {
  const prefix = '{"items":[],"padding":"';
  const suffix = '"}';
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(prefix);
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  let remaining = Math.max(0, bytes - prefix.length - suffix.length);
  while (remaining > 0 && !res.destroyed) {
    const piece = remaining >= chunk.length ? chunk : chunk.subarray(0, remaining);
    remaining -= piece.length;
    if (!res.write(piece)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end(suffix);
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function statusText(status: number): string {
  const texts: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return texts[status] ?? '';
}
