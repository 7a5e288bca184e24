/**
 * `npm run demo -- --check`: proves over HTTP that what the demo started works as a person would use it —
 * code-server answers, the extension is installed, the fake lists webhooks with the demo key, a trigger on a
 * receiver-backed webhook comes back as a 200 conversation and one on the stale-secret webhook as a 401.
 */
import * as fs from 'node:fs';
import type { FakeApi } from '../fake-api';
import type { RunningCodeServer } from './codeServer';
import { LOCAL_WEBHOOKS, type LocalReceivers } from './localReceivers';

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
  response?: { status_code?: number; body?: string } | null;
  error?: string | null;
}

export async function runChecks(t: CheckTargets): Promise<CheckResult[]> {
  const auth = { authorization: `Bearer ${t.fake.key}` };
  const trigger = async (id: string): Promise<ConversationLike> => {
    const r = await getJson(`${t.fake.url}/v1/webhooks/${id}/trigger`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' });
    expect(r.status === 200 || r.status === 201, `trigger ${id} answered ${r.status}: ${r.text.slice(0, 200)}`);
    return r.json as ConversationLike;
  };

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
    ...LOCAL_WEBHOOKS.map((w): [string, Check] => [
      `trigger ${w.id} → a ${w.expectedStatus} conversation`,
      async () => {
        const receiver = w.expectedStatus === 200 ? t.receivers.verifying : t.receivers.stale;
        const before = receiver.deliveries.length;
        const c = await trigger(w.id);
        expect(c.response, `no response recorded (error: ${c.error ?? 'none'})`);
        expect(c.response.status_code === w.expectedStatus, `the endpoint answered ${c.response.status_code}: ${c.response.body ?? ''}`);
        const seen = receiver.deliveries.slice(before).find((d) => d.path.endsWith(`/${w.id}`));
        expect(seen, 'the receiver saw no delivery');
        const listed = await getJson(`${t.fake.url}/v1/webhooks/${w.id}/conversations`, { headers: auth });
        const newest = ((listed.json as { items?: ConversationLike[] }).items ?? [])[0];
        expect(newest?.id === c.id, `the conversation ${c.id} is not the newest listed`);
        return `${c.response.status_code} "${(c.response.body ?? '').slice(0, 40)}${(c.response.body ?? '').length > 40 ? '…' : ''}"; receiver verdict: ${seen.verdict}; listed as ${c.id}`;
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
