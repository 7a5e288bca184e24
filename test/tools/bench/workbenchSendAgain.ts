/**
 * Send Again to a local handler, in a real workbench: the Node.js handler template (media/handlers/node,
 * filled as New Webhook Handler… fills it) runs on 127.0.0.1; the fake API delivers one run.status to it,
 * recorded as a conversation. In the inspector of that conversation, each sample clicks "Send Again…"
 * (untimed until the target prompt shows), then times Enter on the first target (the webhook's endpoint,
 * this handler) → the frame after the one in which the new attempt's "200" is in the webview's DOM.
 *
 * The baseline, in the same run, alternating with the samples: a bare `undici.request` POST of the same bytes
 * with the same headers (freshly signed each time, like Send Again) from this process to the same handler,
 * from sending to the end of the answer. Beside it, the extension host's own timing of its request (the
 * attempt's Latency), so what the workbench adds around the request shows apart from the request itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { request } from 'undici';
import { startFakeApi } from '../fake-api';
import { startNodeHandler } from '../handlers/processes';
import { newestWebview, quickInput, sidebarRows } from '../../ui/helpers';
import { DEFAULT_HANDLER_PATH, DEFAULT_SECRET_ENV_VAR, fillHandlerTemplate } from '../../../src/core/handlers/templates';
import { signDelivery } from '../../../src/core/validator/signature';
import { listSamples, median, round } from './stats';
import type { BenchRow } from './types';
import { activityBarEntry, INNER_DOCUMENTS_JS, OURS, openSession, waitForQuietApi, type WorkbenchPartOptions } from './workbenchSession';

export interface SendAgainOptions extends WorkbenchPartOptions {
  /** timed sends (each beside one bare POST) */
  readonly samples: number;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEBHOOK = 'local-handler';
const SECRET = 'whsec_BenchSendAgain0123456789abcdef';
const GOAL_EXTRA_MS = 20;

/**
 * Runs in the workbench page (plain JavaScript). Arms a loop that starts timing at the next Enter keydown and
 * looks into every webview's inner document until #attempt-1 is a new element (the list is drawn anew for each
 * attempt) whose outcome starts with "200"; resolves on the frame after, with the Latency the attempt shows.
 */
const ARM = `(({ key }) => {
  const innerDocuments = ${INNER_DOCUMENTS_JS};
  const armed = innerDocuments().map((d) => d.getElementById('attempt-1')).filter(Boolean);
  window[key] = new Promise((resolve) => {
    let pressedAt;
    const onKey = (e) => { if (e.key === 'Enter' && pressedAt === undefined) pressedAt = performance.now(); };
    document.addEventListener('keydown', onKey, true);
    const tick = () => {
      if (pressedAt !== undefined) {
        for (const d of innerDocuments()) {
          const attempt = d.getElementById('attempt-1');
          const outcome = d.getElementById('attempt-1-outcome');
          if (!attempt || armed.includes(attempt) || !outcome) continue;
          const text = (outcome.textContent || '').trim();
          const latency = Array.from(attempt.querySelectorAll('dt')).find((dt) => dt.textContent === 'Latency');
          const inDom = performance.now() - pressedAt;
          document.removeEventListener('keydown', onKey, true);
          requestAnimationFrame(() => resolve({ domMs: inDom, paintedMs: performance.now() - pressedAt, outcome: text, latency: latency && latency.nextSibling ? latency.nextSibling.textContent : '' }));
          return;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
})`;

interface Sample {
  readonly domMs: number;
  readonly paintedMs: number;
  readonly outcome: string;
  /** the attempt's Latency as the inspector shows it, e.g. "3 ms" */
  readonly latency: string;
}

let counter = 0;

/** Clicks Send Again…, waits for the target prompt, then times Enter → the new attempt's 200 painted. */
async function timeSendAgain(page: Page, timeoutMs = 60_000): Promise<Sample> {
  await newestWebview(page).getByRole('button', { name: /^Send Again/ }).click();
  const qi = quickInput(page);
  await qi.rows.first().waitFor({ timeout: 15_000 });
  const key = `__benchSendAgain${++counter}`;
  await page.evaluate(`${ARM}(${JSON.stringify({ key })})`);
  await page.keyboard.press('Enter');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no new attempt showed in the inspector within ${timeoutMs / 1000} s of Enter`)), timeoutMs);
  });
  try {
    const sample = (await Promise.race([page.evaluate(`window[${JSON.stringify(key)}]`), timeout])) as Sample;
    if (!/^200\b/.test(sample.outcome)) throw new Error(`Send Again to the local handler showed "${sample.outcome}", not 200`);
    // the button is busy until the host has answered: the next sample starts from an idle inspector
    await newestWebview(page).locator('#send-again:enabled').waitFor({ timeout: 15_000 });
    return sample;
  } finally {
    clearTimeout(timer);
  }
}

/** A bare undici POST of `body` with `headers` and a fresh signature: sending → the end of the answer, in ms. */
async function barePost(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const res = await request(url, { method: 'POST', headers: { ...headers, 'Nextmv-Signature': signDelivery({ body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) }) }, body });
  const text = await res.body.text();
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`the bare POST got ${res.statusCode} ${text}`);
  return ms;
}

/** "3 ms" → 3; anything else (a latency of a second or more is not expected here) → NaN. */
function parseMs(text: string): number {
  const m = /^([\d.]+) ms$/.exec(text.trim());
  return m ? Number(m[1]) : NaN;
}

export async function benchSendAgain(o: SendAgainOptions): Promise<BenchRow[]> {
  const template = fs.readFileSync(path.join(ROOT, 'media', 'handlers', 'node', 'handler.mjs'), 'utf8');
  const handler = await startNodeHandler({ text: fillHandlerTemplate(template, { path: DEFAULT_HANDLER_PATH, envVar: DEFAULT_SECRET_ENV_VAR }), secret: SECRET });
  const fake = await startFakeApi({ seed: 'empty', key: 'bench-send-again-key-0123' });
  try {
    const endpoint = `${handler.origin}${DEFAULT_HANDLER_PATH}`;
    const at = new Date().toISOString();
    fake.state.putWebhook({ id: WEBHOOK, event_types: ['run.status'], endpoint_url: endpoint, description: 'The Node.js handler template on 127.0.0.1', created_at: at, updated_at: at, secret: SECRET, extra: {} });
    // the fake delivers a signed run.status to the handler and records the conversation (answered 200)
    const fired = await fetch(`${fake.url}/_fake/runs/run-bench-send-again/status`, { method: 'POST', body: JSON.stringify({ status: 'succeeded', application_id: 'order-routing', webhook_ids: [WEBHOOK] }) });
    if (!fired.ok) throw new Error(`the fake did not deliver: ${fired.status} ${await fired.text()}`);
    const recorded = fake.state.conversationPage(WEBHOOK, undefined, 1).items[0];
    if (recorded?.response?.status_code !== 200) throw new Error(`the handler did not accept the fake's delivery: ${JSON.stringify(recorded?.response ?? recorded?.error)}`);
    const { body, headers } = recorded.request;
    const sameHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'nextmv-signature'));

    const wb = await openSession({ vsixes: [o.vsix], fake });
    try {
      const page = wb.page;
      await activityBarEntry(page, OURS.containerTitle).click();
      const hook = sidebarRows(page).filter({ hasText: WEBHOOK }).first();
      await hook.waitFor({ timeout: 60_000 });
      await hook.click();
      const row = sidebarRows(page).filter({ hasText: /^200 · run\.status · / }).first();
      await row.waitFor({ timeout: 60_000 });
      await waitForQuietApi(fake, 1000);
      await row.click();
      await newestWebview(page).locator('#request-body').waitFor({ timeout: 60_000 });
      // the first send loads the HTTP stack (dist/api.js) and connects: not a sample; nor the first bare POST
      const warmUp = await timeSendAgain(page);
      const bareWarmUp = await barePost(endpoint, body, sameHeaders);
      o.log(`  send again warm-up (first send of the session): painted ${round(warmUp.paintedMs)} ms; bare POST warm-up ${round(bareWarmUp)} ms`);
      const samples: Sample[] = [];
      const bare: number[] = [];
      for (let i = 0; i < o.samples; i++) {
        samples.push(await timeSendAgain(page));
        bare.push(await barePost(endpoint, body, sameHeaders));
      }
      const painted = samples.map((s) => s.paintedMs);
      const inHost = samples.map((s) => parseMs(s.latency));
      const value = round(median(painted));
      const baseline = round(median(bare), 2);
      const hostMedian = round(median(inHost));
      o.log(`  send again, Enter → 200 painted: ${listSamples(painted, 'ms')}; in the DOM ${listSamples(samples.map((s) => s.domMs), 'ms')}`);
      o.log(`  send again, the request as the extension host timed it: ${listSamples(inHost, 'ms')}; bare undici POST: ${listSamples(bare, 'ms', 1)}`);
      const common = `the Node.js handler template (node:http) on 127.0.0.1, a ${Buffer.byteLength(body)} B run.status body recorded by the fake API; ${o.samples} sends alternating with as many bare POSTs after untimed warm-ups`;
      return [
        {
          name: 'Send Again to a local handler: Enter on the target → "Sent from VS Code · 200" painted in the inspector',
          value,
          unit: 'ms',
          baseline,
          baselineName: 'a bare undici.request POST of the same bytes and headers to the same handler, from the benchmark process',
          // no goal here: the goal is the send's (next row); this one adds the prompt closing and the webview drawing
          notes: `${common}; timed in the page from the Enter keydown in the target prompt to the frame after the one with the new attempt's 200 in the webview's DOM (the prompt closing, the host signing and sending, the answer posted to the webview and drawn); median of ${samples.length} (${listSamples(painted, 'ms')}); bare POSTs ${listSamples(bare, 'ms', 1)}`,
        },
        {
          name: 'Send Again to a local handler: the request itself, as the extension host timed it (sent → answer read)',
          value: hostMedian,
          unit: 'ms',
          baseline,
          baselineName: 'the same bare undici.request POSTs',
          goal: `≤ baseline + ${GOAL_EXTRA_MS} ms`,
          notes: `${common}; the attempt's Latency as the inspector shows it (whole ms): the project's transport with Send Again's limits, measured around the request in the extension host; samples ${listSamples(inHost, 'ms')}`,
        },
      ];
    } finally {
      await wb.stop();
    }
  } finally {
    await fake.close();
    await handler.stop();
  }
}
