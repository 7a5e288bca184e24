/**
 * A local webhook endpoint that checks Nextmv-Signature exactly as Nextmv's documented Python handler
 * (the FastAPI handler of the Webhooks tutorial in nextmv-io/tutorials) does, answering with the same 401 texts:
 *   header split on "," into exactly two parts; t = int(part1.split("=")[1]); v1 = part2.split("=")[1]
 *   → "Unauthorized: Invalid Signature Format" when that fails;
 *   now - 300 < t < now + 60 → else "Unauthorized: Invalid Time Value";
 *   HMAC-SHA256(utf8(secret), str(t) + "." + raw body) compared in constant time → "Unauthorized: Invalid signature".
 * The handler compares t with time.time() in seconds; `unit: 'milliseconds'` makes the window milliseconds.
 *
 * Run alone: npx tsx test/tools/fake-api/receiver.ts --port 9000 --secret <secret> [--unit milliseconds]
 *        or: npx tsx test/tools/fake-api/receiver.ts --port 9000 --fake-url http://127.0.0.1:8787 --key demo-key
 *            (the secret of the webhook named by the last path segment, e.g. /hooks/orders-prod, from the fake)
 */
import { listen } from './listen';
import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import { hmacHex } from './sign';
import type { SignatureUnit } from './types';

export type Verdict = 'valid' | 'missingSignature' | 'invalidFormat' | 'invalidTime' | 'invalidSignature' | 'noSecret';

export interface SignatureCheck {
  readonly verdict: Verdict;
  readonly status: number;
  /** the handler's response text */
  readonly text: string;
}

export interface CheckOptions {
  readonly nowMs: number;
  /** how t is compared with the clock; the Python handler uses seconds */
  readonly unit: SignatureUnit;
  readonly maxAgeSeconds: number;
  readonly maxSkewSeconds: number;
}

const MESSAGES: Record<Exclude<Verdict, 'valid'>, SignatureCheck> = {
  missingSignature: { verdict: 'missingSignature', status: 401, text: 'Unauthorized: Missing Signature' },
  invalidFormat: { verdict: 'invalidFormat', status: 401, text: 'Unauthorized: Invalid Signature Format' },
  invalidTime: { verdict: 'invalidTime', status: 401, text: 'Unauthorized: Invalid Time Value' },
  invalidSignature: { verdict: 'invalidSignature', status: 401, text: 'Unauthorized: Invalid signature' },
  noSecret: { verdict: 'noSecret', status: 500, text: 'Internal Server Error' },
};

/** The handler's decision for one request. `body` is the raw bytes. */
export function checkSignature(header: string | undefined, body: Buffer, secret: string | undefined, opts: CheckOptions): SignatureCheck {
  if (!header) return MESSAGES.missingSignature;
  const parts = header.split(',');
  if (parts.length !== 2) return MESSAGES.invalidFormat;
  const tText = parts[0].split('=')[1];
  const signature = parts[1].split('=')[1];
  const t = tText === undefined ? undefined : pythonInt(tText);
  if (t === undefined || signature === undefined) return MESSAGES.invalidFormat;

  const now = opts.unit === 'milliseconds' ? opts.nowMs : opts.nowMs / 1000;
  const scale = opts.unit === 'milliseconds' ? 1000 : 1;
  const tNumber = Number(t);
  if (!(now - opts.maxAgeSeconds * scale < tNumber && tNumber < now + opts.maxSkewSeconds * scale)) return MESSAGES.invalidTime;

  if (!secret) return MESSAGES.noSecret;
  // Python signs str(int(t)): the normalised number, not the header's text.
  const expected = Buffer.from(hmacHex(secret, t.toString(), body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  if (!same) return MESSAGES.invalidSignature;
  return { verdict: 'valid', status: 200, text: JSON.stringify({ message: 'Webhook received!', body: body.toString('utf8') }) };
}

/** Python's int(str): optional whitespace and sign, digits with single underscores between them. */
function pythonInt(text: string): bigint | undefined {
  const m = /^\s*([+-]?)(\d+(?:_\d+)*)\s*$/.exec(text);
  if (!m) return undefined;
  const n = BigInt(m[2].replace(/_/g, ''));
  return m[1] === '-' ? -n : n;
}

export type SecretLookup = (request: { path: string; headers: http.IncomingHttpHeaders }) => string | undefined | Promise<string | undefined>;

export interface ReceiverOptions {
  /** 0 (default) = a free port */
  readonly port?: number;
  readonly host?: string;
  /** one secret for every path, or a lookup (e.g. by webhook id in the path) */
  readonly secret?: string | SecretLookup;
  /** seconds (default, as the Python handler); a function is asked per request (follows a changing config) */
  readonly unit?: SignatureUnit | (() => SignatureUnit);
  readonly maxAgeSeconds?: number;
  readonly maxSkewSeconds?: number;
  readonly now?: () => number;
  /** wait this long before answering: makes the sender time out */
  readonly delayMs?: number;
  /** after verification, answer something else (e.g. a 500) — undefined keeps the handler's answer */
  readonly respond?: (delivery: ReceivedDelivery) => { status: number; body: string; contentType?: string } | undefined;
  readonly log?: (line: string) => void;
}

export interface ReceivedDelivery {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** the raw body text */
  readonly body: string;
  readonly verdict: Verdict;
  /** what the receiver answered */
  status: number;
  responseBody: string;
}

export interface Receiver {
  /** e.g. http://127.0.0.1:9000 — deliveries may go to any path under it */
  readonly url: string;
  readonly port: number;
  readonly deliveries: readonly ReceivedDelivery[];
  /** resolves when at least `count` deliveries arrived; rejects after `timeoutMs` */
  waitForDeliveries(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const deliveries: ReceivedDelivery[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const lookup: SecretLookup = typeof options.secret === 'function' ? options.secret : () => options.secret as string | undefined;
  const checkOpts = () => ({
    nowMs: (options.now ?? Date.now)(),
    unit: (typeof options.unit === 'function' ? options.unit() : options.unit) ?? 'seconds',
    maxAgeSeconds: options.maxAgeSeconds ?? 300,
    maxSkewSeconds: options.maxSkewSeconds ?? 60,
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const headerValue = req.headers['nextmv-signature'];
    const header = Array.isArray(headerValue) ? headerValue.join(',') : headerValue;
    const secret = await lookup({ path, headers: req.headers });
    const check = checkSignature(header, body, secret, checkOpts());
    const delivery: ReceivedDelivery = {
      at: new Date().toISOString(),
      method: req.method ?? 'POST',
      path,
      headers: req.headers,
      body: body.toString('utf8'),
      verdict: check.verdict,
      status: check.status,
      responseBody: check.text,
    };
    const override = options.respond?.(delivery);
    const answer = override ?? { status: check.status, body: check.text, contentType: check.verdict === 'valid' ? 'application/json' : 'text/plain' };
    delivery.status = answer.status;
    delivery.responseBody = answer.body;
    deliveries.push(delivery);
    options.log?.(`${delivery.method} ${path} → ${answer.status} (${check.verdict})`);
    for (const wake of waiters) wake();
    if (options.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, options.delayMs);
        timers.add(timer);
      });
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain', 'content-length': String(Buffer.byteLength(answer.body)) });
    res.end(answer.body);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.(`receiver error: ${String(err)}`);
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end('Internal Server Error');
    });
  });
  const address = await listen(server, options.port, options.host);

  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    port: address.port,
    deliveries,
    waitForDeliveries(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (deliveries.length < count) return;
          cleanup();
          resolve(deliveries.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} deliveries within ${timeoutMs} ms, got ${deliveries.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A SecretLookup that asks a (fake) Nextmv API for the secret of the webhook named by the last path segment. */
export function secretFromApi(apiUrl: string, key: string): SecretLookup {
  return async ({ path }) => {
    const id = decodeURIComponent(path.split('?')[0].split('/').filter(Boolean).pop() ?? '');
    if (!id) return undefined;
    const res = await fetch(`${apiUrl.replace(/\/+$/, '')}/v1/webhooks/${encodeURIComponent(id)}/secret`, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok) return undefined;
    const json = (await res.json()) as { secret?: unknown };
    return typeof json.secret === 'string' ? json.secret : undefined;
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  const fakeUrl = argValue(args, '--fake-url');
  const secret = argValue(args, '--secret') ?? (fakeUrl ? secretFromApi(fakeUrl, argValue(args, '--key') ?? 'demo-key') : undefined);
  if (!secret) throw new Error('give --secret <secret>, or --fake-url <url> [--key <key>] to look secrets up by webhook id');
  const unit = argValue(args, '--unit') === 'milliseconds' ? 'milliseconds' : 'seconds';
  const receiver = await startReceiver({
    port: Number(argValue(args, '--port') ?? 9000),
    secret,
    unit,
    log: (line) => console.error(line),
  });
  console.log(receiver.url);
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
