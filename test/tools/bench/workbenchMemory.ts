/**
 * Extension-host memory growth after looking at N conversations through the UI: one webhook ("high-volume")
 * with N conversations served 100 a page; expand it, then click "Older deliveries" (each page replaces the one
 * before) until every conversation has been on screen, as a person would. Code-server's extension host (found
 * under our PID in /proc) is measured after the view has loaded (before) and once the last page is shown and
 * the host is idle (after): its V8 heap after a full GC (what is really kept: the figure), and its RSS (which
 * also counts freed memory not yet returned). VS Code's extension host keeps a little for every tree row it
 * ever draws (a disposed DisposableStore per row, registered on the view and never released), so the figure
 * grows with the rows drawn: with a list that grew by a page per click it grew with the square of the pages.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { Page } from 'playwright-core';
import { parseConversation } from '../../../src/core/api/types';
import { HIGH_VOLUME_WEBHOOK, startFakeApi, type RecordedRequest } from '../fake-api';
import { sidebarRows } from '../../ui/helpers';
import { extensionHostPid, heapAfterGc, sampleRss } from './extensionHostMemory';
import { round } from './stats';
import type { BenchRow } from './types';
import { activityBarEntry, OURS, openSession, PAGE_SIZE, waitForQuietApi, type WorkbenchPartOptions } from './workbenchSession';

export interface MemoryOptions extends WorkbenchPartOptions {
  readonly conversations: number;
  /** how long to leave the idle host before the final reading */
  readonly settleMs: number;
}

const MiB = 1024 * 1024;

/**
 * The model's share: the heap that the same conversations take once parsed from JSON into the client's
 * typed objects (what the extension keeps per conversation), measured in this process after full GCs.
 */
function parsedConversationBytes(json: string): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = (JSON.parse(json) as unknown[]).map(parseConversation);
  gc();
  const after = process.memoryUsage().heapUsed;
  // `kept` is read after the measurement so that it is still reachable during it
  if (!kept.length) return 0;
  return after - before;
}

const isPageRequest = (r: RecordedRequest) => r.route === 'listConversations' && !/[?&]limit=1(&|$)/.test(r.path);

/**
 * Clicks "Older deliveries" until every page has been requested and the row is gone; resolves with the time
 * each click took until its page showed (the next "Older deliveries" row, or none at the end). The tree is
 * virtualised: End focuses (and so renders) its last row, which is "Older deliveries · from N" while there is
 * more; the row keeps its place page after page, so its description tells the pages apart.
 */
async function lookAtEverything(page: Page, pageRequests: () => number, expectedPages: number, log: (line: string) => void): Promise<number[]> {
  const perClick: number[] = [];
  let clickedAt: number | undefined;
  const pressEndUntil = async (shows: () => Promise<boolean>) => {
    // the new rows may arrive after an End: press it again until the new last row is rendered
    for (let i = 0; i < 1200; i++) {
      if (await shows()) return true;
      await page.keyboard.press('End');
      await page.waitForTimeout(100);
    }
    return false;
  };
  for (let seen = PAGE_SIZE; pageRequests() < expectedPages; seen += PAGE_SIZE) {
    const older = sidebarRows(page).filter({ hasText: 'Older deliveries' }).filter({ hasText: new RegExp(`(from |^|\\D)${seen + 1}(–|$|\\D)`) }).first();
    if (!(await pressEndUntil(() => older.isVisible()))) throw new Error(`"Older deliveries" from ${seen + 1} did not appear`);
    if (clickedAt !== undefined) perClick.push(Date.now() - clickedAt);
    const before = pageRequests();
    await older.click();
    clickedAt = Date.now();
    for (let i = 0; i < 1200 && pageRequests() === before; i++) await page.waitForTimeout(50);
    if (pageRequests() === before) throw new Error(`Older deliveries (from ${seen + 1}) made no request`);
    if (perClick.length % 20 === 19) log(`    ${perClick.length + 1} Older deliveries clicks, ${seen + PAGE_SIZE} conversations requested`);
  }
  // the last page is in: wait until the tree shows it (no "Older deliveries" row at the end any more)
  const anyOlder = sidebarRows(page).filter({ hasText: 'Older deliveries' });
  if (!(await pressEndUntil(async () => (await anyOlder.count()) === 0))) throw new Error('"Older deliveries" still shows after the last page');
  if (clickedAt !== undefined) perClick.push(Date.now() - clickedAt);
  return perClick;
}

export async function benchMemory(o: MemoryOptions): Promise<BenchRow[]> {
  const fake = await startFakeApi({ seed: `1x${o.conversations}`, key: 'bench-key-0123456789', paginate: true, pageSize: PAGE_SIZE });
  const json = JSON.stringify(fake.state.conversationPage(HIGH_VOLUME_WEBHOOK, undefined, o.conversations).items);
  const rawJsonBytes = Buffer.byteLength(json);
  const modelBytes = parsedConversationBytes(json);
  const expectedPages = Math.ceil(o.conversations / PAGE_SIZE);
  try {
    const wb = await openSession({ vsixes: [o.vsix], fake });
    try {
      const page = wb.page;
      const webhookRow = sidebarRows(page).filter({ hasText: HIGH_VOLUME_WEBHOOK }).first();
      await activityBarEntry(page, OURS.containerTitle).click();
      await webhookRow.waitFor({ timeout: 60_000 });
      await waitForQuietApi(fake, 2000);
      const host = extensionHostPid();
      const before = await sampleRss(host);
      const heapBefore = await heapAfterGc(host);

      const started = Date.now();
      const pageRequests = () => fake.requests.filter(isPageRequest).length;
      // expands it (a webhook row has no command) and leaves the keyboard focus in the tree, for End;
      // clicking a conversation row instead would open the inspector and take the focus
      await webhookRow.click();
      await sidebarRows(page).filter({ hasText: /· run\.status ·/ }).first().waitFor({ timeout: 60_000 });
      const perClick = await lookAtEverything(page, pageRequests, expectedPages, o.log);
      const clicks = perClick.length;
      const loadSeconds = (Date.now() - started) / 1000;
      await waitForQuietApi(fake, 1000);
      // RSS right after, and once V8 had time to give back what the last renders left behind
      await page.waitForTimeout(3000);
      const after = await sampleRss(host);
      await page.waitForTimeout(o.settleMs);
      const settled = await sampleRss(host);
      const heapAfter = await heapAfterGc(host);
      const requests = pageRequests();
      const clickTimes = perClick.length ? `Older deliveries → next page shown: first ${perClick[0]} ms, last ${perClick[perClick.length - 1]} ms` : 'no Older deliveries (one page)';
      o.log(`  extension host ${host}: heap after GC ${round(heapBefore / MiB)} → ${round(heapAfter / MiB)} MiB; RSS ${round(before / MiB)} → ${round(after / MiB)} MiB (${round(settled / MiB)} MiB ${o.settleMs / 1000} s later) after ${o.conversations} conversations (${clicks} clicks, ${requests} page requests, ${round(loadSeconds)} s; ${clickTimes})`);

      return [
        {
          name: `extension-host memory growth after looking at ${o.conversations.toLocaleString('en-US')} conversations, a page at a time`,
          value: round((heapAfter - heapBefore) / MiB),
          unit: 'MiB',
          baseline: round(modelBytes / MiB),
          baselineName: 'the same conversations parsed into the client’s typed objects in plain Node: the model’s share',
          ratio: round((heapAfter - heapBefore) / modelBytes, 2),
          ratioMeaning: 'extension-host growth / model share (the rest is the tree: VS Code’s own bookkeeping per row drawn)',
          goal: '≤ 50 MB at 10,000 (was +139 MiB when every Load more… redrew the whole list)',
          notes: `${round(rawJsonBytes / MiB)} MiB as JSON; V8 heap of the extension host after a full GC: ${round(heapBefore / MiB)} MiB with the view loaded → ${round(heapAfter / MiB)} MiB (${round((heapAfter - heapBefore) / o.conversations)} bytes per conversation); RSS (median of 5 readings each): ${round(before / MiB)} MiB with the view loaded → ${round(after / MiB)} MiB 3 s after the last page → ${round(settled / MiB)} MiB ${o.settleMs / 1000} s later; looked at by clicking Older deliveries ${clicks} times in ${round(loadSeconds)} s; ${clickTimes}`,
        },
        {
          name: `conversation requests to look at all ${o.conversations.toLocaleString('en-US')} conversations`,
          value: requests,
          unit: 'requests',
          baseline: expectedPages,
          baselineName: `pages of ${PAGE_SIZE}`,
          goal: '1 per page',
        },
      ];
    } finally {
      await wb.stop();
    }
  } finally {
    await fake.close();
  }
}
