/**
 * The tree at scale, in a real workbench: the fake seeded with N webhooks, the first ("high-volume") with M
 * conversations, served in pages of 100. Measures
 *   - open the view → first webhook rows (one sample; every webhook page is fetched before rows show);
 *   - the requests the initial view makes (the webhook pages plus one small health check per webhook),
 *     and their peak rate in any 60 s window against the 2,000/min budget;
 *   - expand "high-volume" → its first page of conversations visible (median of several expansions, after
 *     the health checks are done), beside a bare HTTP GET of the same page from Node, and how many
 *     conversation requests each expansion made (goal: one per page).
 */
import type { Page } from 'playwright-core';
import { HIGH_VOLUME_WEBHOOK, startFakeApi, type FakeApi, type RecordedRequest } from '../fake-api';
import { runCommand, sidebarRows } from '../../ui/helpers';
import { timeClickToRow } from './clickToRow';
import { listSamples, median, round } from './stats';
import type { BenchRow } from './types';
import { activityBarEntry, OURS, openSession, PAGE_SIZE, waitForQuietApi, type WorkbenchPartOptions } from './workbenchSession';

export interface TreeOptions extends WorkbenchPartOptions {
  readonly webhooks: number;
  readonly conversations: number;
  /** how many expansions are timed; each repeat follows a collapse and a Refresh of the row (drops its cached page) */
  readonly expandSamples: number;
}

const EXPAND_GOAL_MS = 1000;
const RATE_BUDGET_PER_MINUTE = 2000;
const CONVERSATION_ROW = /· run\.status ·/;

/** Health checks ask for one conversation (limit=1); pages ask for PAGE_SIZE. */
const isHealthCheck = (r: RecordedRequest) => /[?&]limit=1(&|$)/.test(r.path);
const isPageOf = (webhookId: string) => (r: RecordedRequest) => r.route === 'listConversations' && r.path.startsWith(`/v1/webhooks/${webhookId}/conversations`) && !isHealthCheck(r);

/** The most requests in any 60 s window. */
function peakPerMinute(requests: readonly RecordedRequest[]): number {
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let peak = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= 60_000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

/** The tree row whose label is exactly `label`. */
function rowLabelled(page: Page, label: string) {
  return sidebarRows(page).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/**
 * Brings the row with this label into view in the (virtualised) tree without clicking any row (a click
 * would expand a webhook): focus the view from the palette, then page down until it is rendered.
 * (Mouse-wheel scrolling in headless Chromium moves VS Code's lists by only a few pixels.)
 */
async function revealRow(page: Page, label: string): Promise<void> {
  const row = rowLabelled(page, label);
  if (await row.isVisible()) return;
  await runCommand(page, 'Focus on Webhooks View');
  await page.waitForTimeout(300);
  await page.keyboard.press('Home');
  for (let i = 0; i < 200; i++) {
    if (await row.isVisible()) return;
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(50);
  }
  throw new Error(`row "${label}" not found in the sidebar`);
}

/** Collapses the webhook's row, then runs Refresh from its context menu so the next expansion fetches again. */
async function collapseAndForget(page: Page, label: string): Promise<void> {
  await rowLabelled(page, label).click();
  await sidebarRows(page).filter({ hasText: CONVERSATION_ROW }).first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await rowLabelled(page, label).click({ button: 'right' });
  const refresh = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Refresh$/ }).first();
  await refresh.waitFor({ timeout: 10_000 });
  // a menu ignores clicks that come right after it opened (the release of the right click)
  await page.waitForTimeout(500);
  await refresh.click({ timeout: 10_000 });
  await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'detached', timeout: 5000 });
}

/** Median time of a bare GET of the first page, from Node over loopback: the floor for "first page visible". */
async function bareFirstPageMs(fake: FakeApi, rounds: number): Promise<number> {
  const url = `${fake.url}/v1/webhooks/${HIGH_VOLUME_WEBHOOK}/conversations?limit=${PAGE_SIZE}`;
  const times: number[] = [];
  for (let i = 0; i < rounds + 1; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${fake.key}` } });
    await res.json();
    if (i > 0) times.push(performance.now() - start); // the first one opens the connection
  }
  return median(times);
}

export async function benchTree(o: TreeOptions): Promise<BenchRow[]> {
  const fake = await startFakeApi({ seed: `${o.webhooks}x${o.conversations}`, key: 'bench-key-0123456789', paginate: true, pageSize: PAGE_SIZE });
  fake.state.conversationCount(HIGH_VOLUME_WEBHOOK); // generate the lazily seeded conversations outside any timing
  const ids = fake.state.listWebhooks().map((w) => w.id).sort((a, b) => a.localeCompare(b));
  const label = `${o.webhooks.toLocaleString('en-US')} webhooks`;
  try {
    const wb = await openSession({ vsixes: [o.vsix], fake });
    try {
      const page = wb.page;
      const openStart = fake.requests.length;
      const open = await timeClickToRow(page, new RegExp(`^\\s*${ids[0]}`), () => activityBarEntry(page, OURS.containerTitle).click());
      // health checks are paced (10/s): for 1,000 webhooks they take over a minute
      await waitForQuietApi(fake, 2000, 600_000);
      const initial = fake.requests.slice(openStart);
      const webhookPages = initial.filter((r) => r.route === 'listWebhooks').length;
      const health = initial.filter(isHealthCheck).length;
      const spanS = initial.length > 1 ? (Date.parse(initial[initial.length - 1].at) - Date.parse(initial[0].at)) / 1000 : 0;
      const peak = peakPerMinute(initial);
      o.log(`  ${label}: first rows ${round(open.frameMs)} ms; initial view: ${initial.length} requests (${webhookPages} webhook pages, ${health} health checks) over ${round(spanS)} s, peak ${peak} in 60 s`);

      await revealRow(page, HIGH_VOLUME_WEBHOOK);
      const expandMs: number[] = [];
      const pageRequests: number[] = [];
      for (let sample = 0; sample < o.expandSamples; sample++) {
        if (sample > 0) await collapseAndForget(page, HIGH_VOLUME_WEBHOOK);
        await waitForQuietApi(fake, 500);
        const expandStart = fake.requests.length;
        const expand = await timeClickToRow(page, CONVERSATION_ROW, () => rowLabelled(page, HIGH_VOLUME_WEBHOOK).click());
        await waitForQuietApi(fake, 1000);
        expandMs.push(expand.frameMs);
        pageRequests.push(fake.requests.slice(expandStart).filter(isPageOf(HIGH_VOLUME_WEBHOOK)).length);
      }
      const bare = await bareFirstPageMs(fake, 5);
      o.log(`  expand ${HIGH_VOLUME_WEBHOOK}: first page in ${listSamples(expandMs, 'ms')} with ${pageRequests.join(', ')} conversation request(s); bare GET of that page ${round(bare, 2)} ms`);

      return [
        {
          name: `tree: expand "${HIGH_VOLUME_WEBHOOK}" (${o.conversations.toLocaleString('en-US')} conversations, pages of ${PAGE_SIZE}) → first page visible`,
          value: round(median(expandMs)),
          unit: 'ms',
          baseline: round(bare, 2),
          baselineName: 'bare HTTP GET of the same page from Node (median of 5)',
          goal: `≤ ${EXPAND_GOAL_MS} ms`,
          notes: `${label} in the tree; click → first frame with a conversation row, timed in the page; median of ${expandMs.length} (${listSamples(expandMs, 'ms')}; before each repeat the row is collapsed and its Refresh drops the cached page)`,
        },
        {
          name: `tree: conversation requests to show the first page of "${HIGH_VOLUME_WEBHOOK}"`,
          value: Math.max(...pageRequests),
          unit: 'requests',
          baseline: 1,
          baselineName: 'one per page',
          goal: '1 per page',
          notes: `per expansion: ${pageRequests.join(', ')}`,
        },
        {
          name: `tree: open the view → first rows, ${label} (${webhookPages} pages of ${PAGE_SIZE})`,
          value: round(open.frameMs),
          unit: 'ms',
          notes: 'one sample; the list is fetched page by page before the rows show',
        },
        {
          name: `tree: requests made by the initial view, ${label}`,
          value: initial.length,
          unit: 'requests',
          baseline: o.webhooks,
          baselineName: 'webhooks',
          notes: `${webhookPages} webhook pages + ${health} health checks (a limit=1 request per webhook) over ${round(spanS)} s`,
        },
        {
          name: `tree: peak request rate of the initial view, ${label}`,
          value: peak,
          unit: 'requests/min',
          baseline: RATE_BUDGET_PER_MINUTE,
          baselineName: 'rate budget',
          goal: `< ${RATE_BUDGET_PER_MINUTE.toLocaleString('en-US')}/min (${peak < RATE_BUDGET_PER_MINUTE ? 'under' : 'OVER'})`,
          notes: 'most requests in any 60 s window, from the fake server\'s request log',
        },
      ];
    } finally {
      await wb.stop();
    }
  } finally {
    await fake.close();
  }
}
