/**
 * npm run fake-api -- [--port 8787] [--key demo-key] [--seed demo|small|empty|1000x10000] [--state file.json]
 *   [--envelope items|array|named] [--paginate] [--page-size 100] [--cursor-field next_page_token|cursor|next]
 *   [--signature-unit seconds|milliseconds] [--create-status 201|200] [--delete-status 204|200] [--trigger | --no-trigger]
 *   [--run-pace 300] [--delivery-timeout 10000] [--latency 0] [--receiver 9000] [--host 127.0.0.1] [--quiet]
 *
 * Prints the root URL (e.g. http://127.0.0.1:8787) alone on stdout; everything else goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError, parseFault } from './config';
import { startReceiver, type Receiver } from './receiver';
import { startFakeApi, type FakeApi, type StartFakeApiOptions } from './server';
import type { FakeConfig } from './types';

export const USAGE = `usage: npm run fake-api -- [options]
  --port N                 listen port (default 8787; 0 = any free port)
  --host H                 listen address (default 127.0.0.1)
  --key K                  API key for Authorization: Bearer (default demo-key)
  --seed S                 demo | small | empty | <webhooks>x<conversations>, e.g. 1000x10000 (default demo)
  --state FILE             load the data from FILE if it exists, and save every change to it
  --envelope E             items | array | named (default items)
  --paginate               serve lists in pages (default off); --page-size N implies it (default 100)
  --cursor-field F         next_page_token | cursor | next (default next_page_token)
  --signature-unit U       seconds | milliseconds (default seconds)
  --create-status N        201 | 200 (default 201)
  --delete-status N        204 | 200 (default 204)
  --trigger                serve POST /v1/webhooks/{id}/trigger (default off: it answers 404, as the real
                           API may; real deliveries come from runs, see --run-pace)
  --no-trigger             keep the trigger route off (the default; wins over --trigger)
  --run-pace MS            how long a run created with POST /v1/applications/{app_id}/runs stays queued,
                           then running, before it succeeds or fails (default 300); each status change
                           delivers a signed run.status to every webhook subscribed to it
  --delivery-timeout MS    how long a delivery waits for the endpoint (default 10000)
  --latency MS             added to every /v1 response (default 0)
  --fault JSON             inject a fault from the start (repeatable), e.g. '{"route":"listWebhooks","status":503,"times":2}'
  --receiver PORT          also start a signature-checking receiver on 127.0.0.1:PORT, and a webhook
                           "local-receiver" delivering to it
  --quiet                  no request log on stderr
  --help                   this text
Applications: demo has five, small one (order-routing), <N>x<M> one (pricing-optimizer), empty none.
Runs fail when their input has "fail": true or their options fail=true, else they succeed.
Control routes at runtime: GET /_fake lists them (config, faults, reset, requests, run status changes).`;

type Flag = { name: string; takesValue: boolean };
const FLAGS: Flag[] = [
  'port', 'host', 'key', 'seed', 'state', 'envelope', 'page-size', 'cursor-field', 'signature-unit', 'unit', 'create-status',
  'delete-status', 'delivery-timeout', 'latency', 'run-pace', 'receiver', 'fault',
].map((name) => ({ name, takesValue: true }))
  .concat(['paginate', 'trigger', 'no-trigger', 'quiet', 'help'].map((name) => ({ name, takesValue: false })));

/** Flag name → its values in order (a flag without a value gets "true"). */
export type ParsedArgs = Map<string, string[]>;

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = new Map();
  const add = (name: string, value: string) => out.set(name, [...(out.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [rawName, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [arg, undefined];
    const flag = FLAGS.find((f) => f.name === rawName);
    if (!flag) throw new ConfigError(`unknown option ${arg}\n${USAGE}`);
    if (!flag.takesValue) {
      add(flag.name, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`${arg} needs a value`);
    add(flag.name, value);
  }
  return out;
}

/** Start options from the parsed flags (values are checked by startFakeApi's config parser). */
export function optionsFromArgs(parsed: ParsedArgs): StartFakeApiOptions {
  // the last occurrence of a flag wins
  const args = { has: (n: string) => parsed.has(n), get: (n: string) => parsed.get(n)?.at(-1) };
  const config: Partial<Record<keyof FakeConfig, unknown>> = {};
  if (args.has('envelope')) config.envelope = args.get('envelope');
  if (args.has('paginate') || args.has('page-size')) config.paginate = true;
  if (args.has('page-size')) config.pageSize = Number(args.get('page-size'));
  if (args.has('cursor-field')) config.cursorField = args.get('cursor-field');
  if (args.has('signature-unit') || args.has('unit')) config.signatureUnit = args.get('signature-unit') ?? args.get('unit');
  if (args.has('create-status')) config.createStatus = Number(args.get('create-status'));
  if (args.has('delete-status')) config.deleteStatus = Number(args.get('delete-status'));
  if (args.has('trigger')) config.triggerEnabled = true;
  if (args.has('no-trigger')) config.triggerEnabled = false;
  if (args.has('run-pace')) config.runPaceMs = Number(args.get('run-pace'));
  if (args.has('delivery-timeout')) config.deliveryTimeoutMs = Number(args.get('delivery-timeout'));
  if (args.has('latency')) config.latencyMs = Number(args.get('latency'));
  return {
    ...(config as Partial<FakeConfig>),
    port: Number(args.get('port') ?? 8787),
    host: args.get('host') ?? '127.0.0.1',
    key: args.get('key') ?? 'demo-key',
    seed: args.get('seed') ?? 'demo',
    statePath: args.get('state'),
    faults: (parsed.get('fault') ?? []).map((text) => {
      try {
        return parseFault(JSON.parse(text));
      } catch (err) {
        throw new ConfigError(`--fault ${text}: ${(err as Error).message}`);
      }
    }),
  };
}

async function main(argv: string[]): Promise<void> {
  const parsed = parseArgs(argv);
  const args = { has: (n: string) => parsed.has(n), get: (n: string) => parsed.get(n)?.at(-1) };
  if (args.has('help')) {
    console.log(USAGE);
    return;
  }
  const quiet = args.has('quiet');
  const started = performance.now();
  const api = await startFakeApi({ ...optionsFromArgs(parsed), log: quiet ? undefined : (line) => console.error(line) });
  let receiver: Receiver | undefined;
  if (args.has('receiver')) receiver = await startLocalReceiver(api, Number(args.get('receiver')), quiet);

  console.log(api.url);
  console.error(
    `fake Nextmv API: ${api.state.webhookCount} webhooks, ${api.state.applicationCount} applications (seed ${args.get('seed') ?? 'demo'}${args.has('state') ? `, state ${args.get('state')}` : ''}) ready in ${Math.round(performance.now() - started)} ms; key "${api.key}"; control routes: ${api.url}/_fake`,
  );
  if (receiver) console.error(`receiver: ${receiver.url}/hooks/<webhook id> (webhook "local-receiver" delivers there)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping`);
    Promise.all([api.close(), receiver?.close()]).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** A receiver that verifies with the fake's own secrets (webhook id = last path segment), plus a webhook pointing at it. */
async function startLocalReceiver(api: FakeApi, port: number, quiet: boolean): Promise<Receiver> {
  const receiver = await startReceiver({
    port,
    secret: ({ path }) => api.secretOf(decodeURIComponent(path.split('?')[0].split('/').filter(Boolean).pop() ?? '')),
    unit: () => api.config.signatureUnit,
    log: quiet ? undefined : (line) => console.error(`receiver: ${line}`),
  });
  const endpoint = `${receiver.url}/hooks/local-receiver`;
  const existing = api.state.getWebhook('local-receiver');
  if (!existing || existing.endpoint_url !== endpoint) {
    const at = new Date().toISOString();
    api.state.putWebhook({
      id: 'local-receiver',
      event_types: ['run.status'],
      endpoint_url: endpoint,
      description: 'Delivers to the signature-checking receiver started with --receiver',
      created_at: existing?.created_at ?? at,
      updated_at: at,
      secret: existing?.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      extra: existing?.extra ?? {},
    });
  }
  return receiver;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  });
}
