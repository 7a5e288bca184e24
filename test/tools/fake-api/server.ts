/**
 * The fake Nextmv Cloud API server: routing, auth, latency and faults in front of the /v1 handlers, plus
 * the /_fake control routes. `startFakeApi()` is the library entry point for tests, the demo and the CLI.
 */
import { listen } from './listen';
import { createHash, timingSafeEqual } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import { fail, handleApi, type Reply } from './api';
import { applyConfigPatch, DEFAULT_CONFIG } from './config';
import { handleControl } from './control';
import { applyFault, FaultBook, hasEffect } from './faults';
import { loadStateFile, StateSaver } from './persist';
import { matchRoute } from './routes';
import { RunScheduler } from './runs';
import { isKnownSeed, seedApplications, seedState } from './seed';
import { FakeState } from './state';
import type { FakeConfig, FaultSpec, RecordedRequest, RouteName } from './types';

export interface StartFakeApiOptions extends Partial<FakeConfig> {
  /** 0 (default) = a free port */
  readonly port?: number;
  /** default 127.0.0.1 */
  readonly host?: string;
  /** the API key every /v1 request must carry as `Authorization: Bearer <key>`; default "test-key" */
  readonly key?: string;
  /** demo | small | empty | <N>x<M>; default small */
  readonly seed?: string;
  /** load from / save to this JSON file; when it exists the seed is not used */
  readonly statePath?: string;
  /** faults active from the start */
  readonly faults?: readonly FaultSpec[];
  /** the clock for timestamps, signatures and seeding */
  readonly now?: () => number;
  /** one line per request */
  readonly log?: (line: string) => void;
}

export interface FakeApi {
  /** root URL without /v1, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  readonly port: number;
  readonly key: string;
  readonly state: FakeState;
  /** every /v1 request, oldest first (capped at 10,000) */
  readonly requests: readonly RecordedRequest[];
  readonly config: Readonly<FakeConfig>;
  /** changes some settings; throws ConfigError on a bad value */
  configure(patch: Partial<FakeConfig>): FakeConfig;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** reseeds (or empties), restores the start configuration and faults, clears the request log; runs stop */
  reset(): void;
  /** resolves once every run has reached its final status and all their deliveries are recorded */
  runsSettled(): Promise<void>;
  /** the requests a route received */
  requestsTo(route: RouteName): RecordedRequest[];
  clearRequests(): void;
  secretOf(webhookId: string): string | undefined;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;
const MAX_RECORDED_REQUESTS = 10_000;

export async function startFakeApi(options: StartFakeApiOptions = {}): Promise<FakeApi> {
  const key = options.key ?? 'test-key';
  const seed = options.seed ?? 'small';
  if (!isKnownSeed(seed)) throw new Error(`unknown seed "${seed}": use demo, small, empty or <webhooks>x<conversations> (e.g. 1000x10000)`);
  const now = options.now ?? Date.now;
  const log = options.log;
  const initialConfig = applyConfigPatch(DEFAULT_CONFIG, pickConfig(options));
  let config = initialConfig;
  const faults = new FaultBook();
  for (const f of options.faults ?? []) faults.add(f);
  const requests: RecordedRequest[] = [];
  const shutdown = new AbortController();
  // every delivery under way listens for the shutdown: a run fires one per subscribed webhook at once
  setMaxListeners(0, shutdown.signal);

  const state = new FakeState();
  const fillFromSeed = () => seedState(state, seed, { nowMs: now(), unit: config.signatureUnit });
  const persisted = options.statePath ? loadStateFile(options.statePath) : undefined;
  if (persisted) {
    state.load(persisted);
    // a file from before the fake knew applications
    if (persisted.applications === undefined) seedApplications(state, seed, now());
  } else fillFromSeed();
  const saver = options.statePath ? new StateSaver(state, options.statePath) : undefined;
  if (saver) {
    // a new file, or one to which the seed's applications were just added
    if (!persisted || persisted.applications === undefined) saver.writeNow();
    state.onChange(() => saver.schedule());
  }

  const runs = new RunScheduler({ state, config: () => config, now, signal: shutdown.signal, log });

  const reset = () => {
    runs.clear();
    state.clear();
    fillFromSeed();
    config = initialConfig;
    faults.clear();
    for (const f of options.faults ?? []) faults.add(f);
    requests.length = 0;
  };
  const configure = (patch: unknown) => (config = applyConfigPatch(config, patch));

  const keyDigest = sha256(key);
  const authorized = (header: string | undefined): boolean => {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
    return !!m && timingSafeEqual(sha256(m[1].trim()), keyDigest);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const body = await readBody(req);
    if (body === undefined) return send(res, fail(413, `the request body is larger than ${MAX_REQUEST_BYTES} bytes`));

    if (url.pathname === '/_fake' || url.pathname.startsWith('/_fake/')) {
      const reply = await handleControl(method, url.pathname, body, {
        state,
        faults,
        requests,
        config: () => config,
        configure,
        reset,
        now,
        signal: shutdown.signal,
        runs,
      });
      return send(res, reply);
    }
    if (url.pathname === '/' && method === 'GET') {
      return send(res, { status: 200, json: { name: 'fake Nextmv Cloud API', api: '/v1/webhooks', applications: '/v1/applications', auth: 'Authorization: Bearer <key>', control: '/_fake' } });
    }

    const match = matchRoute(method, url.pathname);
    const record: RecordedRequest = { at: new Date(now()).toISOString(), method, path: url.pathname + url.search, route: match.kind === 'notFound' ? undefined : match.route, body };
    requests.push(record);
    if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);
    const done = (status: number | undefined, note = '') => {
      record.status = status;
      log?.(`${method} ${record.path} → ${status ?? note} (${Math.round(performance.now() - started)} ms)${note && status !== undefined ? ` [${note}]` : ''}`);
    };

    const fault = faults.take(match.kind === 'route' ? match.route : undefined);
    const latency = config.latencyMs + (fault?.latencyMs ?? 0);
    if (latency > 0) await sleep(latency);
    if (res.destroyed) return;
    const misbehave = async (f: FaultSpec) => {
      record.fault = await applyFault(f, req, res);
      done(f.status ?? (f.reset || f.stall ? undefined : 200), record.fault);
    };
    if (fault && hasEffect(fault) && !fault.handled) return misbehave(fault);

    let reply: Reply;
    if (!req.headers.authorization) reply = fail(401, 'missing API key: send Authorization: Bearer <API key>');
    else if (!authorized(req.headers.authorization)) reply = fail(401, 'invalid API key');
    else if (match.kind === 'notFound') reply = fail(404, `no route ${method} ${url.pathname}`);
    else if (match.kind === 'methodNotAllowed') reply = { ...fail(405, `method ${method} is not allowed on ${url.pathname}`), headers: { allow: match.allow.join(', ') } };
    else reply = await handleApi(match.route, { state, config, params: match.params, query: url.searchParams, body, now, signal: shutdown.signal, runs });
    if (fault?.handled && hasEffect(fault)) return misbehave(fault); // the change is made; only its answer differs
    send(res, reply);
    done(reply.status);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent && !res.destroyed) send(res, fail(500, 'internal error in the fake server'));
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const address = await listen(server, options.port, options.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    key,
    state,
    requests,
    get config() {
      return config;
    },
    configure: (patch) => configure(patch),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    reset,
    runsSettled: () => runs.settled(),
    requestsTo: (route) => requests.filter((r) => r.route === route),
    clearRequests: () => void (requests.length = 0),
    secretOf: (id) => state.getWebhook(id)?.secret,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        runs.close();
        shutdown.abort();
        saver?.flush();
        server.close(() => resolve());
        // keep-alive and stalled connections would otherwise hold close() open
        server.closeAllConnections();
      })),
  };
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { 'x-request-id': `req-${Math.random().toString(16).slice(2, 10)}`, ...reply.headers };
  if (reply.json === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.json);
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** The body as text, or undefined when it is too large. */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

function sleep(ms: number): Promise<void> {
  // unref: a pending latency must not keep the process alive after close()
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function pickConfig(options: StartFakeApiOptions): Partial<FakeConfig> {
  const out: Partial<FakeConfig> = {};
  for (const k of Object.keys(DEFAULT_CONFIG) as (keyof FakeConfig)[]) {
    if (options[k] !== undefined) (out as Record<string, unknown>)[k] = options[k];
  }
  return out;
}
