/**
 * `npm run demo -- --check`: proves over HTTP that what the demo started works as a person would use it —
 * code-server answers, the extension is installed, the fake lists webhooks and applications with the demo key,
 * has no /trigger route (as Nextmv Cloud), and a run of order-routing fires signed run.status deliveries that the
 * receiver-backed webhooks answer 200 and the stale-secret one 401, each recorded as a conversation.
 */
import * as fs from 'node:fs';
import type { FakeApi } from '../fake-api';
import type { RunningCodeServer } from './codeServer';
import { LOCAL_WEBHOOKS, type LocalReceivers, type LocalWebhook } from './localReceivers';

export interface CheckTargets {
  readonly codeServer: RunningCodeServer;
  readonly fake: FakeApi;
  readonly receivers: LocalReceivers;
  readonly extensionId: string;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Check = () => Promise<string>;

async function getJson(url: string, init: RequestInit = {}): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface ConversationLike {
  id?: string;
  request?: { body?: string } | null;
  response?: { status_code?: number; body?: string } | null;
  error?: string | null;
}

/** The application the checks run (seeded by the demo seed). */
const RUN_APP = 'order-routing';

export async function runChecks(t: CheckTargets): Promise<CheckResult[]> {
  const auth = { authorization: `Bearer ${t.fake.key}` };
  const json = { ...auth, 'content-type': 'application/json' };
  /** One run for the run checks, started by the first that needs it; resolves once it and its deliveries are done. */
  let run: Promise<{ runId: string; receivedBefore: Map<LocalWebhook['id'], number> }> | undefined;
  const startRun = () =>
    (run ??= (async () => {
      const receivedBefore = new Map(LOCAL_WEBHOOKS.map((w) => [w.id, receiverOf(w).deliveries.length]));
      const r = await getJson(`${t.fake.url}/v1/applications/${RUN_APP}/runs`, { method: 'POST', headers: json, body: JSON.stringify({ input: { stops: [] } }) });
      expect(r.status === 202 || r.status === 200, `starting a run answered ${r.status}: ${r.text.slice(0, 200)}`);
      const runId = (r.json as { run_id?: string }).run_id;
      expect(runId, `no run_id in ${r.text.slice(0, 200)}`);
      await t.fake.runsSettled();
      return { runId, receivedBefore };
    })());
  const receiverOf = (w: LocalWebhook) => (w.expectedStatus === 200 ? t.receivers.verifying : t.receivers.stale);

  const checks: [string, Check][] = [
    [
      'code-server answers /healthz',
      async () => {
        const r = await getJson(`${t.codeServer.origin}/healthz`);
        expect(r.status === 200, `status ${r.status}`);
        return `200 ${r.text.trim()} (${t.codeServer.label})`;
      },
    ],
    [
      'code-server serves the workbench at the printed URL',
      async () => {
        const r = await getJson(t.codeServer.url);
        expect(r.status === 200, `status ${r.status}`);
        expect(r.text.includes('vscode-workbench-web-configuration'), 'the page is not the VS Code workbench');
        return `200, ${r.text.length} bytes of workbench HTML`;
      },
    ],
    [
      'the VSIX is installed in code-server',
      async () => {
        const installed = fs.readdirSync(t.codeServer.extensionsDir).filter((d) => d.toLowerCase().startsWith(`${t.extensionId}-`));
        expect(installed.length === 1, `no ${t.extensionId}-* folder in ${t.codeServer.extensionsDir}`);
        return installed[0];
      },
    ],
    [
      'the fake refuses a request without the key',
      async () => {
        const r = await getJson(`${t.fake.url}/v1/webhooks`);
        expect(r.status === 401, `status ${r.status}`);
        return `401 ${r.text.trim()}`;
      },
    ],
    [
      'the fake lists webhooks with the demo key',
      async () => {
        const r = await getJson(`${t.fake.url}/v1/webhooks`, { headers: auth });
        expect(r.status === 200, `status ${r.status}`);
        const items = (r.json as { items?: { id: string }[] }).items ?? [];
        const ids = items.map((w) => w.id);
        for (const w of LOCAL_WEBHOOKS) expect(ids.includes(w.id), `${w.id} is not listed`);
        return `200, ${ids.length} webhooks: ${ids.join(', ')}`;
      },
    ],
    [
      'the fake lists the applications a run can be started for',
      async () => {
        const r = await getJson(`${t.fake.url}/v1/applications`, { headers: auth });
        expect(r.status === 200, `status ${r.status}`);
        const ids = ((r.json as { items?: { id: string }[] }).items ?? []).map((a) => a.id);
        expect(ids.includes(RUN_APP), `${RUN_APP} is not listed`);
        return `200, ${ids.length} applications: ${ids.join(', ')}`;
      },
    ],
    [
      'the fake has no /trigger route, as Nextmv Cloud (Trigger Webhook starts a run)',
      async () => {
        const r = await getJson(`${t.fake.url}/v1/webhooks/${LOCAL_WEBHOOKS[0].id}/trigger`, { method: 'POST', headers: json, body: '{}' });
        expect(r.status === 404, `status ${r.status}: ${r.text.slice(0, 200)}`);
        return `404 ${r.text.trim()}`;
      },
    ],
    ...LOCAL_WEBHOOKS.map((w): [string, Check] => [
      `a run of ${RUN_APP} → ${w.id} gets its run.status deliveries, answered ${w.expectedStatus}`,
      async () => {
        const { runId, receivedBefore } = await startRun();
        const seen = receiverOf(w).deliveries.slice(receivedBefore.get(w.id)).filter((d) => d.path.endsWith(`/${w.id}`) && d.body.includes(`"run_id":"${runId}"`));
        expect(seen.length === 3, `the receiver saw ${seen.length} deliveries of run ${runId}, not 3 (queued, running, succeeded)`);
        const listed = await getJson(`${t.fake.url}/v1/webhooks/${w.id}/conversations`, { headers: auth });
        const ofRun = ((listed.json as { items?: ConversationLike[] }).items ?? []).filter((c) => c.request?.body?.includes(`"run_id":"${runId}"`));
        expect(ofRun.length === 3, `${ofRun.length} conversations of run ${runId} are listed, not 3`);
        const answers = ofRun.map((c) => c.response?.status_code ?? c.error);
        expect(answers.every((a) => a === w.expectedStatus), `the endpoint answered ${answers.join(', ')}`);
        return `run ${runId}: ${answers.join(', ')}; receiver verdicts: ${seen.map((d) => d.verdict).join(', ')}`;
      },
    ]),
  ];

  const results: CheckResult[] = [];
  for (const [name, check] of checks) {
    try {
      results.push({ name, ok: true, detail: await check() });
    } catch (err) {
      results.push({ name, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}

export function printResults(results: readonly CheckResult[]): void {
  for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name}: ${r.detail}`);
}
