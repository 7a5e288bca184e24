/**
 * Large bodies in the inspector, in a real workbench: a webhook ("big-bodies") with two conversations, one
 * whose request body is a run.status event of N MB (a routing solution with a large array of stops), one
 * whose body is ~1 KB. Measures click on the conversation's tree row → first frame that shows the request
 * body (the truncated view, with "Open full body in editor", for the big one), beside the same click for the
 * small body in the same session; big and small samples alternate. Two ways:
 *
 * - a new panel: before each click every editor is closed, so the click opens a new inspector panel (a
 *   click on a previewed row would only pin it). Mostly VS Code starting a webview, the same for any body
 *   (the bare-webview series below is that part alone).
 * - the preview panel reused: a single click on a row shows the conversation in the open preview panel, so
 *   the webview is already there and only our work is timed (the host posts `show`, the webview renders).
 *   Each click is on the row that is not shown (a click on the shown row pins it, without a render); the
 *   samples check that the body appeared in the same inner document and that no webview was added.
 *
 * Beside the new panel, a third series in the same session, alternating with the two bodies: a click on a row
 * of the static-tree baseline (test/tools/bench/baselineExtensions.ts), an extension that only opens a new bare webview
 * panel the same way (active column, focus left in the tree, strict CSP, an inline script by nonce writing the
 * row's label into `#bare-body`) — what VS Code itself costs to start a webview, measured the same way. Its
 * view and ours share the sidebar: before each click the right one is shown from the activity bar (untimed).
 *
 * Timed in the page: code-server serves webviews from the workbench's own origin, so a requestAnimationFrame
 * loop in the workbench page, armed before the click, can look into the webview's inner document. The figure
 * is the frame after the one in which the body is first in the DOM: by then the frame that lays the body out
 * and paints it has been produced (webview frames share the workbench's renderer here).
 */
import type { Locator, Page } from 'playwright-core';
import { DELIVERY_USER_AGENT, runStatusEventBody, signatureHeader, startFakeApi, type FakeApi, type WireConversation } from '../fake-api';
import { runCommand, sidebarRows } from '../../ui/helpers';
import { parseConversation } from '../../../src/core/api/types';
import { verifyConversation } from '../../../src/core/inspector/verifyConversation';
import { buildConversationView } from '../../../src/core/inspector/viewModel';
import { formatBytes } from '../../../src/shared/text';
import { BARE_BODY_ID, STATIC_ROWS, type Baselines } from './baselineExtensions';
import { listSamples, median, round } from './stats';
import type { BenchRow } from './types';
import { activityBarEntry, INNER_DOCUMENTS_JS, OURS, openSession, waitForQuietApi, type WorkbenchPartOptions } from './workbenchSession';

export interface InspectorOptions extends WorkbenchPartOptions {
  /** UTF-8 size of the big request body */
  readonly bodyBytes: number;
  /** timed clicks per body (big and small alternate) */
  readonly samples: number;
  /** the static-tree baseline, installed in the same session, opens the bare webview */
  readonly baselines: Pick<Baselines, 'staticTree'>;
}

const WEBHOOK = 'big-bodies';
const SECRET = 'whsec_BenchBigBodies0123456789abcdef';
const ENDPOINT = 'https://ingest.routing.example.com/nextmv/big-bodies';
const SMALL_BYTES = 1024;
const GOAL_MS = 1000;
/** how long after the first render a sample watches for the body being rendered again */
const RENDER_WATCH_MS = 1500;

/** One of the two conversations, and how to find it: its row by latency (the row's description), its body by event id. */
interface Target {
  readonly name: 'big' | 'small';
  readonly conversationId: string;
  readonly eventId: string;
  readonly bytes: number;
  /** the latency the tree row shows as its description; distinct per conversation */
  readonly latency: string;
  readonly wire: WireConversation;
}

/**
 * What a timed click waits for: the element `bodyId` in a webview's inner document, with `marker` in the first
 * 400 characters of its text.
 */
interface Probe {
  readonly bodyId: string;
  /** an element the page's script fills first (ours: its "Loading conversation…" placeholder); none: the script writes the body at once */
  readonly rootId?: string;
  readonly marker: string;
  /** what did not show, for the timeout's message */
  readonly what: string;
}

const conversationProbe = (target: Target): Probe => ({
  bodyId: 'request-body',
  rootId: 'inspector-root',
  marker: target.eventId,
  what: `the inspector did not show the ${formatBytes(target.bytes)} request body`,
});

const bareProbe = (row: string): Probe => ({ bodyId: BARE_BODY_ID, marker: row, what: `the bare webview did not show ${row}` });

/** One timed click, in ms from its pointerdown (all read with the workbench page's performance.now()). */
interface Sample {
  /** the webview's iframe is in the workbench DOM */
  readonly iframeMs: number;
  /** the page's script has run (ours: its "Loading conversation…" placeholder or the conversation is in the DOM; the bare page: = domMs) */
  readonly scriptMs: number;
  /** the body (the request body with the conversation's text; the bare page's text) is in the DOM */
  readonly domMs: number;
  /** the next frame: the one that laid out and painted the body has been produced — the figure */
  readonly paintedMs: number;
  readonly truncated: boolean;
  readonly openFullBody: boolean;
  readonly notice: string;
  readonly shownChars: number;
  /** webview iframes in the workbench when the loop was armed, when the body was found, and RENDER_WATCH_MS later */
  readonly webviews: readonly [before: number, shown: number, after: number];
  /** the body appeared in an inner document that already existed when the loop was armed (the webview was reused) */
  readonly sameDocument: boolean;
  /** when the body was put in the DOM: the first render, and any later one within RENDER_WATCH_MS of it */
  readonly renders: readonly number[];
}

/** The samples of one way of opening, per body (and the bare webview's, for the new panel). */
type Samples = Record<Target['name'], Sample[]>;

/**
 * A run.status event as the fake sends it, whose data carries a routing solution with enough stops to make
 * the body at least `targetBytes` long (ASCII, so characters = bytes). The same inputs give the same body.
 */
function runStatusBody(eventId: string, runId: string, createdAt: string, targetBytes: number): string {
  const vehicles: { id: string; route: unknown[] }[] = [];
  const data = {
    run_id: runId,
    application_id: 'vehicle-routing',
    application_instance_id: 'latest',
    status_v2: 'succeeded',
    status: 'succeeded',
    error: '',
    output: { statistics: { result: { value: 1_284_533.25, duration: 29.87 }, run: { duration: 30.02, iterations: 18_411 } }, solutions: [{ unplanned: [] as unknown[], vehicles }] },
  };
  const body = () => runStatusEventBody({ eventId, createdAt, data });
  const start = Date.parse(createdAt) - 86_400_000;
  let size = body().length;
  for (let i = 0; size < targetBytes; i++) {
    if (i % 50 === 0) {
      vehicles.push({ id: `vehicle-${String(vehicles.length + 1).padStart(4, '0')}`, route: [] });
      size += 34; // {"id":"vehicle-0001","route":[]} and a comma
    }
    const arrival = new Date(start + i * 97_000).toISOString();
    const stop = {
      stop: { id: `stop-${String(i + 1).padStart(7, '0')}`, location: { lon: round(13.2 + ((i * 7919) % 5000) / 10_000, 4), lat: round(52.4 + ((i * 104_729) % 3000) / 10_000, 4) } },
      arrival_time: arrival,
      duration: 300,
      travel_duration: 60 + ((i * 31) % 600),
    };
    vehicles[vehicles.length - 1].route.push(stop);
    size += JSON.stringify(stop).length + 1;
    // the estimate counts a comma too many per vehicle: once it says done, ask the real size
    if (size >= targetBytes) size = body().length;
  }
  return body();
}

const iso = (ms: number) => new Date(ms).toISOString();

function conversation(id: string, eventId: string, bytes: number, sentAtMs: number, latencyMs: number): Target['wire'] {
  const body = runStatusBody(eventId, id.replace(/^conv-bench-/, 'vehicle-routing-'), iso(sentAtMs), bytes);
  const received = sentAtMs + latencyMs;
  const responseBody = '{"message":"Webhook received!"}';
  return {
    id,
    webhook_id: WEBHOOK,
    event_type: 'run.status',
    created_at: iso(sentAtMs),
    request: {
      url: ENDPOINT,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': DELIVERY_USER_AGENT, 'Nextmv-Signature': signatureHeader(SECRET, body, sentAtMs, 'seconds') },
      body,
      sent_at: iso(sentAtMs),
    },
    response: {
      status_code: 200,
      headers: { date: new Date(received).toUTCString(), 'content-type': 'application/json', 'content-length': String(responseBody.length) },
      body: responseBody,
      received_at: iso(received),
    },
    error: null,
  };
}

/** Adds the webhook and its two conversations to the (empty) fake. */
function addBigBodies(fake: FakeApi, bigBytes: number): { big: Target; small: Target } {
  const now = Date.now();
  fake.state.putWebhook({
    id: WEBHOOK,
    event_types: ['run.status'],
    endpoint_url: ENDPOINT,
    description: 'Full routing solutions in every run.status (large bodies)',
    created_at: iso(now - 20 * 86_400_000),
    updated_at: iso(now - 20 * 86_400_000),
    secret: SECRET,
    extra: {},
  });
  const make = (name: Target['name'], bytes: number, minutesAgo: number, latencyMs: number): Target => {
    const conversationId = `conv-bench-${name}-body`;
    const eventId = `evt-bench-${name}-body-${bytes}`;
    const wire = conversation(conversationId, eventId, bytes, now - minutesAgo * 60_000, latencyMs);
    return { name, conversationId, eventId, bytes: Buffer.byteLength(wire.request.body), latency: `${latencyMs} ms`, wire };
  };
  const small = make('small', SMALL_BYTES, 9, 93);
  const big = make('big', bigBytes, 4, 412);
  fake.state.addConversations(WEBHOOK, [small.wire, big.wire]); // oldest first
  return { big, small };
}

/**
 * Runs in the workbench page (plain JavaScript: the project's tsconfig has no DOM library). Arms a
 * requestAnimationFrame loop that starts timing at the next pointerdown and looks into every webview's
 * inner document until one shows the element `bodyId` with `marker` in its text (see Probe). Notes which
 * inner documents and how many webview iframes there were when armed, to tell a reused webview from a new one.
 */
const ARM = `(({ key, bodyId, rootId, marker, watchMs }) => {
  window[key] = new Promise((resolve) => {
    let clickedAt, iframeAt, scriptAt;
    const onDown = () => { clickedAt = performance.now(); document.removeEventListener('pointerdown', onDown, true); };
    document.addEventListener('pointerdown', onDown, true);
    const webviewCount = () => document.querySelectorAll('iframe.webview').length;
    const innerDocuments = ${INNER_DOCUMENTS_JS};
    const armedDocuments = innerDocuments();
    const webviewsBefore = webviewCount();
    const tick = () => {
      if (clickedAt !== undefined) {
        const now = performance.now();
        if (iframeAt === undefined && document.querySelector('iframe.webview')) iframeAt = now;
        const docs = innerDocuments();
        if (rootId && scriptAt === undefined && docs.some((d) => { const r = d.getElementById(rootId); return r && r.children.length > 0; })) scriptAt = now;
        for (const d of docs) {
          const body = d.getElementById(bodyId);
          const text = body && body.firstChild ? body.firstChild.nodeValue || '' : '';
          if (!text.slice(0, 400).includes(marker)) continue;
          const open = d.getElementById('request-open-full');
          const notice = d.getElementById('request-truncated');
          const result = {
            iframeMs: (iframeAt ?? now) - clickedAt,
            scriptMs: (scriptAt ?? now) - clickedAt,
            domMs: now - clickedAt,
            truncated: !!notice,
            openFullBody: !!open && /Open full body in editor/.test(open.textContent || ''),
            notice: notice ? (notice.textContent || '').trim() : '',
            shownChars: text.length,
            sameDocument: armedDocuments.includes(d),
          };
          const webviewsShown = webviewCount();
          requestAnimationFrame(() => resolve({ ...result, paintedMs: performance.now() - clickedAt }));
          // then watches for RENDER_WATCH_MS whether the body is rendered again (a new element replaces it)
          const renders = [now - clickedAt];
          window[key + 'Renders'] = new Promise((done) => {
            let last = body;
            const watch = () => {
              const again = d.getElementById(bodyId);
              if (again && again !== last) { last = again; renders.push(performance.now() - clickedAt); }
              if (performance.now() - now < watchMs) requestAnimationFrame(watch);
              else done({ renders, webviews: [webviewsBefore, webviewsShown, webviewCount()] });
            };
            requestAnimationFrame(watch);
          });
          return;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
})`;

let counter = 0;

/** Clicks the row and resolves with the timings of that click, until the probed body shows. */
async function timeClickToBody(page: Page, row: Locator, probe: Probe, timeoutMs = 60_000): Promise<Sample> {
  const key = `__benchInspector${++counter}`;
  await page.evaluate(`${ARM}(${JSON.stringify({ key, bodyId: probe.bodyId, rootId: probe.rootId ?? null, marker: probe.marker, watchMs: RENDER_WATCH_MS })})`);
  await row.click();
  const result = page.evaluate(`window[${JSON.stringify(key)}]`) as Promise<Omit<Sample, 'renders' | 'webviews'>>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${probe.what} within ${timeoutMs / 1000} s of the click`)), timeoutMs);
  });
  try {
    const sample = await Promise.race([result, timeout]);
    const after = (await page.evaluate(`window[${JSON.stringify(`${key}Renders`)}]`)) as Pick<Sample, 'renders' | 'webviews'>;
    return { ...sample, ...after };
  } finally {
    clearTimeout(timer);
  }
}

function conversationRow(page: Page, target: Target) {
  return sidebarRows(page).filter({ hasText: /· run\.status ·/ }).filter({ hasText: target.latency }).first();
}

const timeClickToConversation = (page: Page, target: Target) => timeClickToBody(page, conversationRow(page, target), conversationProbe(target));

/**
 * Shows the view container `containerTitle` in the sidebar (a click on its activity-bar entry, unless it is
 * shown already: a click on the shown one would hide the sidebar), then waits for `row`.
 */
async function showView(page: Page, containerTitle: string, row: Locator): Promise<void> {
  const title = page.locator('.part.sidebar .title-label').filter({ hasText: containerTitle });
  if (!(await title.isVisible())) {
    await activityBarEntry(page, containerTitle).click();
    await title.waitFor({ timeout: 30_000 });
  }
  await row.waitFor({ timeout: 30_000 });
}

/** View: Close All Editors, then waits until no webview is left in the DOM, so the next click opens a new panel. */
async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  const webviews = page.locator('iframe.webview');
  for (let i = 0; i < 100 && (await webviews.count()) > 0; i++) await page.waitForTimeout(100);
  if ((await webviews.count()) > 0) throw new Error('a webview was still open after View: Close All Editors');
  await page.waitForTimeout(500);
}

/** What the extension host does before posting: parse, verify the signature, build the view model; median ms in Node. */
function hostSideMs(target: Target, rounds: number): { ms: number; postedBytes: number } {
  const times: number[] = [];
  let postedBytes = 0;
  for (let i = 0; i < rounds + 1; i++) {
    const wire = JSON.parse(JSON.stringify(target.wire)) as unknown;
    const start = performance.now();
    const c = parseConversation(wire);
    const signature = verifyConversation(c, SECRET);
    const view = buildConversationView(c, { nowMs: Date.now(), webhookId: WEBHOOK });
    const elapsed = performance.now() - start;
    postedBytes = JSON.stringify({ type: 'show', conversation: view, signature }).length;
    if (i > 0) times.push(elapsed); // the first one warms the code up
  }
  return { ms: median(times), postedBytes };
}

const stage = (samples: readonly Sample[], pick: (s: Sample) => number) => round(median(samples.map(pick)));
const painted = (samples: readonly Sample[]) => samples.map((s) => s.paintedMs);

/** Medians by stage; in a reused webview only the body's (its iframe and script are there before the click). */
function describeStages(samples: readonly Sample[], reused = false): string {
  const body = `body in DOM ${stage(samples, (s) => s.domMs)} ms, painted ${stage(samples, (s) => s.paintedMs)} ms`;
  return reused ? body : `iframe ${stage(samples, (s) => s.iframeMs)} ms, script ran ${stage(samples, (s) => s.scriptMs)} ms, ${body}`;
}

/** "rendered once", or how often and how long after the first render the body was rendered again. */
function describeRenders(samples: readonly Sample[]): string {
  const again = samples.filter((s) => s.renders.length > 1);
  if (again.length === 0) return `rendered once (watched ${RENDER_WATCH_MS / 1000} s)`;
  const extra = again.map((s) => s.renders.length - 1).reduce((a, b) => a + b, 0);
  return `rendered again after the first frame in ${again.length} of ${samples.length} clicks (${extra} more renders; the next one a median ${round(median(again.map((s) => s.renders[1] - s.renders[0])))} ms later)`;
}

/** The big body must come in the truncated view, with its "Open full body in editor" button. */
function checkTruncated(target: Target, sample: Sample): void {
  if (target.name === 'big' && !(sample.truncated && sample.openFullBody)) {
    throw new Error(`the ${formatBytes(target.bytes)} request body was shown without the truncated view and its "Open full body in editor" button`);
  }
}

/** The body appeared in the webview that was open before the click, and no webview came or went. */
function checkReused(target: Target, sample: Sample): void {
  const [before, shown, after] = sample.webviews;
  if (!sample.sameDocument || before !== shown || shown !== after) {
    throw new Error(
      `switching the preview panel to the ${formatBytes(target.bytes)} body did not reuse its webview ` +
        `(webview iframes before the click / at the body / ${RENDER_WATCH_MS / 1000} s later: ${before} / ${shown} / ${after}; same inner document: ${sample.sameDocument})`,
    );
  }
}

/** A series of timed clicks: on one of our conversations, or on the static-tree baseline's rows (its bare webview). */
interface Subject<N extends string> {
  readonly name: N;
  /** our conversation; none for the bare webview */
  readonly target?: Target;
  /** the view container the row is in, the row of the next click, and what that click shows */
  readonly next: () => { readonly containerTitle: string; readonly row: Locator; readonly probe: Probe };
}

/** Shows the subject's view (untimed), runs `before` (untimed), then times a click on its next row. */
async function timeSubject(page: Page, subject: Subject<string>, before?: () => Promise<void>): Promise<Sample> {
  const { containerTitle, row, probe } = subject.next();
  await showView(page, containerTitle, row);
  await before?.();
  return timeClickToBody(page, row, probe);
}

/**
 * `rounds` timed clicks per subject, alternating, in the given order or, with `rotate`, in an order rotated
 * from round to round (so that none always comes first, or always right after a switch of views);
 * `before` runs (untimed) before each click, `check` after it.
 */
async function alternate<N extends string>(
  page: Page,
  subjects: readonly Subject<N>[],
  rounds: number,
  o: { before?: () => Promise<void>; rotate?: boolean; check: (subject: Subject<N>, sample: Sample) => void },
): Promise<Record<N, Sample[]>> {
  const samples = Object.fromEntries(subjects.map((s) => [s.name, [] as Sample[]])) as Record<N, Sample[]>;
  for (let i = 0; i < rounds; i++) {
    const order = o.rotate ? subjects.map((_, j) => subjects[(i + j) % subjects.length]) : subjects;
    for (const subject of order) {
      const sample = await timeSubject(page, subject, o.before);
      o.check(subject, sample);
      samples[subject.name].push(sample);
    }
  }
  return samples;
}

/** One row: the big body's median against the small body's, both from the same alternating run. */
function inspectorRow(name: string, baselineName: string, samples: Samples, notes: string): BenchRow {
  const value = round(median(painted(samples.big)));
  const baseline = round(median(painted(samples.small)));
  return { name, value, unit: 'ms', baseline, baselineName, ratio: round(baseline / value, 2), ratioMeaning: 'baseline / value', goal: `≤ ${GOAL_MS} ms`, notes };
}

const TIMING =
  'pointerdown on the tree row → the frame after the one in which the request body is first in the DOM, timed in the page (webviews are same-origin in code-server)';
const BARE_NAME = 'a trivial extension whose tree rows open a new bare webview panel the same way';

export async function benchInspector(o: InspectorOptions): Promise<BenchRow[]> {
  const fake = await startFakeApi({ seed: 'empty', key: 'bench-key-0123456789' });
  const targets = addBigBodies(fake, o.bodyBytes);
  const { big, small } = targets;
  const bigSize = formatBytes(big.bytes);
  const smallSize = formatBytes(small.bytes);
  const host = hostSideMs(big, 3);
  const hostSmall = hostSideMs(small, 3);
  const staticTree = o.baselines.staticTree;
  try {
    const wb = await openSession({ vsixes: [o.vsix, staticTree.vsix], fake });
    try {
      const page = wb.page;
      await activityBarEntry(page, OURS.containerTitle).click();
      const webhookRow = sidebarRows(page).filter({ hasText: WEBHOOK }).first();
      await webhookRow.waitFor({ timeout: 60_000 });
      await waitForQuietApi(fake, 1000);
      // expands it: its page of conversations (with the big body in it) is fetched here, outside any timing
      await webhookRow.click();
      await conversationRow(page, big).waitFor({ timeout: 60_000 });
      await conversationRow(page, small).waitFor({ timeout: 10_000 });
      await waitForQuietApi(fake, 1000);

      const ours = (target: Target): Subject<Target['name']> => ({
        name: target.name,
        target,
        next: () => ({ containerTitle: OURS.containerTitle, row: conversationRow(page, target), probe: conversationProbe(target) }),
      });
      // each click on another row than the last one (all editors are closed before it anyway)
      let bareClicks = 0;
      const bare: Subject<'bare'> = {
        name: 'bare',
        next: () => {
          const label = STATIC_ROWS[bareClicks++ % STATIC_ROWS.length];
          return { containerTitle: staticTree.containerTitle, row: sidebarRows(page).filter({ hasText: label }).first(), probe: bareProbe(label) };
        },
      };
      const closeAll = () => closeAllEditors(page);

      // a new panel per click: the first inspector of the session loads the panels bundle and fetches the secret: not a sample
      const warmUp = await timeClickToConversation(page, small);
      o.log(`  inspector warm-up (first panel of the session, ${smallSize} body): painted ${round(warmUp.paintedMs)} ms`);
      // the same for the bare webview (its view, shown for the first time here, activates the baseline): not a sample
      const bareWarmUp = await timeSubject(page, bare, closeAll);
      o.log(`  bare webview warm-up (its first panel, the second of the session): painted ${round(bareWarmUp.paintedMs)} ms`);
      const fresh = await alternate(page, [ours(big), ours(small), bare], o.samples, {
        before: closeAll,
        rotate: true,
        check: ({ target }, sample) => {
          if (target) checkTruncated(target, sample);
        },
      });
      await closeAll();

      // the preview panel reused: opened on the small body (untimed), then switched from one body to the other
      const opened = await timeSubject(page, ours(small));
      if (opened.webviews[2] !== 1) throw new Error(`expected one webview after opening the preview panel, found ${opened.webviews[2]}`);
      o.log(`  inspector preview panel opened on the ${smallSize} body (new panel, untimed): painted ${round(opened.paintedMs)} ms`);
      const reused = await alternate(page, [ours(big), ours(small)], o.samples, {
        check: ({ target }, sample) => {
          if (!target) return;
          checkTruncated(target, sample);
          checkReused(target, sample);
        },
      });
      await closeAll();

      const notice = fresh.big[0].notice.replace(/\s+/g, ' ').replace(/\s*Open full body in editor$/, '');
      const logWay = (way: string, samples: Samples, isReused: boolean) => {
        o.log(`  inspector, ${way}, ${bigSize} body: ${listSamples(painted(samples.big), 'ms')} (medians: ${describeStages(samples.big, isReused)}; ${describeRenders(samples.big)})`);
        o.log(`  inspector, ${way}, ${smallSize} body: ${listSamples(painted(samples.small), 'ms')} (medians: ${describeStages(samples.small, isReused)}; ${describeRenders(samples.small)})`);
      };
      logWay('new panel', fresh, false);
      o.log(`  bare webview, new panel: ${listSamples(painted(fresh.bare), 'ms')} (medians: ${describeStages(fresh.bare)}; ${describeRenders(fresh.bare)})`);
      logWay('preview panel reused', reused, true);
      o.log(`  inspector truncated view: "${notice}"`);
      o.log(`  host side in Node (parse, verify signature, view model): ${round(host.ms)} ms for ${bigSize}, posts ${formatBytes(host.postedBytes)}; ${round(hostSmall.ms, 2)} ms for ${smallSize}`);

      const hostNote = `host side (parse, verify the signature, view model) ${round(host.ms)} ms in Node, ${formatBytes(host.postedBytes)} posted to the webview`;
      const smallBoot = stage(fresh.small, (s) => s.scriptMs);
      const smallMedian = round(median(painted(fresh.small)));
      const bareMedian = round(median(painted(fresh.bare)));
      return [
        inspectorRow(
          `inspector: click a conversation with a ${bigSize} request body, opening a new inspector panel → body shown (truncated view)`,
          `same, ${smallSize} body`,
          fresh,
          `${TIMING}; every click opens a new panel (all editors closed before), big, small and a bare webview alternating (order rotated from round to round) after untimed warm-ups; ` +
            `median of ${fresh.big.length} (${listSamples(painted(fresh.big), 'ms')}; baseline ${listSamples(painted(fresh.small), 'ms')}); ` +
            `the ${smallSize} baseline, where our own work is small, takes ${smallMedian} ms, ${smallBoot} ms of it before our script has run (see the preview-panel row for our part alone); ` +
            `a bare webview opened the same way by a trivial extension: ${bareMedian} ms (next row); ` +
            `medians by stage, ${bigSize}: ${describeStages(fresh.big)}; ${smallSize}: ${describeStages(fresh.small)}; ` +
            `${bigSize}: ${describeRenders(fresh.big)}; "Open full body in editor" shown every time ("${notice}"); ` +
            `the warm-up (first panel of the session, ${smallSize}) took ${round(warmUp.paintedMs)} ms; ${hostNote}`,
        ),
        {
          name: `inspector: click a conversation with a ${smallSize} request body, opening a new inspector panel → body shown, vs the same click opening a bare webview`,
          value: smallMedian,
          unit: 'ms',
          baseline: bareMedian,
          baselineName: BARE_NAME,
          ratio: round(bareMedian / smallMedian, 2),
          ratioMeaning: 'baseline / value',
          notes:
            `the same clicks as the row above (same session, series alternating); the bare webview: ${BARE_NAME} (${staticTree.displayName}: active column, focus left in the tree, CSP default-src 'none' with a script nonce, an inline script writing the row's label into #${BARE_BODY_ID}), ` +
            `timed from pointerdown on its row to the frame after the one with that text in the DOM; its view and ours share the sidebar, the one clicked is shown from the activity bar before the click (untimed); ` +
            `${smallSize}: ${listSamples(painted(fresh.small), 'ms')}; bare: ${listSamples(painted(fresh.bare), 'ms')}; ` +
            `medians by stage, ${smallSize}: ${describeStages(fresh.small)}; bare: ${describeStages(fresh.bare)} (its script writes the text at once); ` +
            `what ours adds to a bare webview: its script, CSS and codicons loaded from the extension, the host's "show" message and the render; ` +
            `the bare warm-up (its first panel, the session's second) took ${round(bareWarmUp.paintedMs)} ms`,
        },
        inspectorRow(
          `inspector: switch the open preview panel to a conversation with a ${bigSize} request body → body shown (truncated view, no new webview)`,
          `same switch to a ${smallSize} body`,
          reused,
          `${TIMING}; a single click on a row shows it in the open preview panel: the body appeared in the same webview document every time and no webview was added (checked per click); ` +
            `the panel opened on the ${smallSize} conversation (untimed, ${round(opened.paintedMs)} ms as a new panel), then clicks alternate ${bigSize} ⇄ ${smallSize}, always on the row not shown (a click on the shown row pins it); ` +
            `median of ${reused.big.length} (${listSamples(painted(reused.big), 'ms')}; baseline ${listSamples(painted(reused.small), 'ms')}); ` +
            `medians by stage, ${bigSize}: ${describeStages(reused.big, true)}; ${smallSize}: ${describeStages(reused.small, true)}; ` +
            `${bigSize}: ${describeRenders(reused.big)}; ${smallSize}: ${describeRenders(reused.small)}; "Open full body in editor" shown every time; ${hostNote}`,
        ),
      ];
    } finally {
      await wb.stop();
    }
  } finally {
    await fake.close();
  }
}
