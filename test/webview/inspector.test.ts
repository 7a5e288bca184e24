/**
 * The conversation inspector webview in a real browser, without VS Code: the bundled script runs in
 * Debian's Chromium under the same CSP and nonce as src/panels/html.ts gives it, with a stub
 * acquireVsCodeApi that records what the page posts. The view models come from the real host code.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { buildConversationView } from '../../src/core/inspector/viewModel';
import { verifyConversation } from '../../src/core/inspector/verifyConversation';
import type { Conversation } from '../../src/core/api/types';
import type { LocalAttemptsMessage, ShowMessage } from '../../src/shared/inspectorProtocol';
import { buildLocalAttemptView } from '../../src/core/inspector/localAttempts';
import type { LocalAttempt } from '../../src/core/send/attempt';
import { RUN_BODY, SECRET, SENT_MS, conversation } from '../unit/core/inspector/fixtures';
import { NOW, OK, attemptOf } from '../unit/core/send/fixtures';
import { RESULTS, THEMES, startWebviewHarness, waitUntil, type PageOptions, type WebviewHarness } from './harness';

/** Classic XSS payloads; none may run, and each must show as the very text it is. */
const XSS_PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<svg onload="window.__pwned=3">',
  '<svg><script>window.__pwned=4</script></svg>',
  '<iframe srcdoc="<script>parent.__pwned=5</script>"></iframe>',
  '<iframe src="javascript:parent.__pwned=6"></iframe>',
  '<a href="javascript:window.__pwned=7">click me</a>',
  'javascript:window.__pwned=8',
  '<body onload="window.__pwned=9">',
  '<details open ontoggle="window.__pwned=10">',
  '<input autofocus onfocus="window.__pwned=11">',
  '<video><source onerror="window.__pwned=12"></video>',
  '<object data="javascript:window.__pwned=13"></object>',
  '<embed src="javascript:window.__pwned=14">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=15">',
  '"><img src=x onerror=window.__pwned=16>',
  "'><svg/onload=window.__pwned=17>",
  '</pre></td></table><script>window.__pwned=18</script>',
  '<!--<img src="--><img src=x onerror=window.__pwned=19//">',
  '<style>@import "javascript:window.__pwned=20"; body{background:url("javascript:1")}</style>',
  '<div style="width: expression(window.__pwned=21)">',
  '{{constructor.constructor("window.__pwned=22")()}}',
  '${window.__pwned=23}',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=24">',
  '<base href="javascript:/a/"><a href="b">x</a>',
  '<form><button formaction="javascript:window.__pwned=26">x</button></form>',
  '<img src="x` `<script>window.__pwned=27</script>"` `>',
  '\u003cscript\u003ewindow.__pwned=28\u003c/script\u003e',
];

describe('inspector webview in Chromium, without VS Code', function () {
  this.timeout(60_000);
  let harness: WebviewHarness;
  let tab: Page;
  let dialogs: string[];

  before(async () => {
    // the inspector panel's title and static body (src/panels/inspectorPanel.ts)
    harness = await startWebviewHarness({ script: 'inspector', title: 'Conversation', stylesheet: 'inspector.css', body: '<main id="inspector-root" aria-busy="true"></main>' });
    tab = await harness.newTab();
    tab.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  after(() => harness?.close());

  beforeEach(() => {
    dialogs = [];
  });

  /** Loads the page fresh (state cleared) and waits for the webview's ready handshake. */
  async function load(o: PageOptions & { keepState?: boolean } = {}): Promise<void> {
    await harness.load(tab, o);
    await waitUntil(() => tab.evaluate('!!window.__posted && window.__posted.some((m) => m.type === "ready")'), 'the ready message');
  }

  function showMessage(c: Conversation, secret: string | undefined = SECRET): ShowMessage {
    return { type: 'show', conversation: buildConversationView(c, { nowMs: SENT_MS + 2 * 60_000 }), signature: verifyConversation(c, secret) };
  }

  /** Sends a host message the way VS Code delivers it: a `message` event on the webview's window. */
  async function post(message: unknown): Promise<void> {
    await tab.evaluate((m) => (globalThis as unknown as { postMessage(data: unknown, target: string): void }).postMessage(m, '*'), message);
  }

  const posted = () => tab.evaluate('window.__posted') as Promise<{ type: string; requestId?: number; resign?: boolean; part?: string }[]>;
  const violations = () => tab.evaluate('window.__violations') as Promise<string[]>;
  const canary = () => tab.evaluate('window.__pwned') as Promise<unknown>;
  const text = async (selector: string) => (await tab.locator(selector).textContent()) ?? '';

  it('shows the status code, the summary and the request body text', async () => {
    await load();
    await post(showMessage(conversation()));
    await tab.locator('#request-body').waitFor();
    assert.equal(await text('#outcome .outcome-word'), '200');
    assert.equal((await text('#outcome')).trim(), '200 OK');
    assert.match(await text('#sent-at'), /\(2 min\. ago\)/);
    assert.equal(await text('#latency'), '42 ms');
    assert.equal(await text('#endpoint'), 'https://example.com/hook');
    assert.equal(await text('#run-status'), 'run-123 · app-x · succeeded');
    const body = await text('#request-body');
    assert.equal(body, JSON.stringify(JSON.parse(RUN_BODY), null, 2));
    assert.match(await text('#signature-verdict'), /^\s*Valid: the signature matches/);
    assert.equal(await tab.title(), '200 · run.status · conv-8f3a2c');
    assert.deepEqual(await violations(), []);
  });

  it('speaks the language the host gives it: headings from the bundle on <html>, dates in the language of <html lang>', async () => {
    await load({ language: 'de', l10nBundle: { Request: '[Ŗēqūēşŧ]', 'Send Again…': '[Şēŋđ Àģàīŋ…]', 'Loading conversation…': '[Ŀōàđīŋģ…]' } });
    assert.equal((await text('#inspector-root')).trim(), '[Ŀōàđīŋģ…]', 'the placeholder, drawn before any message arrives');
    await post(showMessage(conversation()));
    await tab.locator('#request-body').waitFor();
    assert.equal(await text('#request-heading'), '[Ŗēqūēşŧ]');
    assert.equal(await tab.getByRole('button', { name: '[Şēŋđ Àģàīŋ…]' }).count(), 1);
    assert.equal(await text('#response-heading'), 'Response', 'what the bundle does not translate stays English');
    // the send time in German order and separators: "01.05.2026, 12:00:03"
    assert.match(await text('#sent-at time'), /^\d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d$/);
  });

  it('labels everything for screen readers and works from the keyboard', async () => {
    await load();
    await post(showMessage(conversation()));
    await tab.getByRole('table', { name: 'Request headers' }).waitFor();
    assert.equal(await tab.getByRole('table', { name: 'Response headers' }).count(), 1);
    assert.equal(await tab.getByRole('group', { name: 'Conversation actions' }).count(), 1);
    for (const name of ['Open Request Body', 'Open Response Body', 'Copy as cURL', 'Copy as cURL (re-signed)', 'Validate…', 'Trigger Again', 'Compare With…']) {
      assert.equal(await tab.getByRole('button', { name, exact: true }).count(), 1, name);
    }
    assert.equal(await tab.locator('#request-body').getAttribute('tabindex'), '0', 'the body can be scrolled from the keyboard');
    // Tab to "Copy as cURL (re-signed)" and press Enter: the action goes out with a request id.
    await tab.locator('#copy-curl').focus();
    await tab.keyboard.press('Tab');
    assert.equal(await tab.evaluate('document.activeElement.id'), 'copy-curl-resigned');
    await tab.keyboard.press('Enter');
    const sent = (await posted()).at(-1)!;
    assert.deepEqual([sent.type, sent.resign], ['copyCurl', true]);
    assert.equal(typeof sent.requestId, 'number');
    assert.equal(await tab.locator('#copy-curl-resigned').isDisabled(), true, 'busy until the host answers');
    await post({ type: 'actionResult', requestId: sent.requestId, ok: false, message: 'No secret.' });
    await tab.locator('#copy-curl-resigned:enabled').waitFor();
    assert.equal(await tab.getByRole('status').filter({ hasText: 'No secret.' }).count(), 1);
  });

  it('keeps its place across hide/show: state saved, ids restored, "ready" asks for the data again', async () => {
    await load();
    await post(showMessage(conversation()));
    await tab.locator('#request-body').waitFor();
    const state = JSON.parse((await tab.evaluate('sessionStorage.getItem("state")')) as string) as Record<string, unknown>;
    assert.deepEqual([state.webhookId, state.conversationId], ['orders-prod', 'conv-8f3a2c']);
    await load({ keepState: true });
    assert.match(await text('#placeholder'), /Loading conversation conv-8f3a2c/);
    assert.deepEqual((await posted()).map((m) => m.type), ['ready']);
  });

  it('shows the error and disables what needs a response when the endpoint was unreachable', async () => {
    await load();
    await post(showMessage(conversation({ response: null, error: 'connect ECONNREFUSED 10.1.2.3:443' })));
    await tab.locator('#response').waitFor();
    assert.equal(await text('#outcome .outcome-word'), 'error');
    assert.match(await text('#outcome'), /Endpoint unreachable/);
    assert.match(await text('#response'), /No response: Endpoint unreachable\.\s*connect ECONNREFUSED 10\.1\.2\.3:443/);
    assert.equal(await tab.locator('#open-response-body').isDisabled(), true);
  });

  it('XSS corpus: nothing runs and every payload shows verbatim, with and without the CSP', async () => {
    assert.ok(XSS_PAYLOADS.length >= 20);
    const all = XSS_PAYLOADS.join('\n');
    const headers: Record<string, string> = {};
    XSS_PAYLOADS.forEach((p, i) => (headers[`X-Evil-${i}-${p.replace(/[^\w-]/g, '')}`.slice(0, 60)] = p));
    XSS_PAYLOADS.slice(0, 10).forEach((p) => (headers[p] = 'name is the payload'));
    const hostile = conversation({
      body: all,
      headers,
      url: `javascript:window.__pwned=99//${XSS_PAYLOADS[0]}`,
      response: { status_code: 418, headers: { [XSS_PAYLOADS[2]]: XSS_PAYLOADS[1] }, body: JSON.stringify({ payloads: XSS_PAYLOADS }) },
    });
    const evilRun = { ...hostile, eventType: XSS_PAYLOADS[5], webhookId: XSS_PAYLOADS[6] };
    const message = showMessage(evilRun);
    for (const csp of [true, false]) {
      await load({ csp });
      await post(message);
      await tab.locator('#request-body').waitFor();
      await tab.waitForTimeout(300); // time for any injected handler (onerror, onload, autofocus) to fire
      assert.equal(await canary(), undefined, `a payload ran (csp ${csp})`);
      assert.deepEqual(dialogs, []);
      if (csp) assert.deepEqual(await violations(), [], 'the page tried something the CSP blocked');
      const foreign = (await tab.evaluate(
        'document.querySelectorAll("#inspector-root :is(img, svg, iframe, object, embed, video, a, form, input, details, math, base, meta, style, link, script, [onerror], [onload], [href], [src], [style]), head base, head meta[http-equiv=refresh]").length',
      )) as number;
      assert.equal(foreign, 0, 'markup from the data became elements');
      assert.equal(await tab.locator('script').count(), 2, 'only the stub and the bundle');
      assert.equal(await text('#request-body'), all);
      assert.equal(await text('#response-body'), JSON.stringify({ payloads: XSS_PAYLOADS }, null, 2));
      const cells = (await tab.locator('#request table.headers tbody tr').evaluateAll((rows) =>
        rows.map((r) => [(r as unknown as { cells: { textContent: string }[] }).cells[0].textContent, (r as unknown as { cells: { textContent: string }[] }).cells[1].textContent]),
      )) as [string, string][];
      for (const p of XSS_PAYLOADS) assert.ok(cells.some(([, v]) => v === p), `header value ${p}`);
      for (const p of XSS_PAYLOADS.slice(0, 10)) assert.ok(cells.some(([n]) => n === p), `header name ${p}`);
      assert.equal(await text('#endpoint'), evilRun.request!.url);
      assert.equal(await text('#event-type'), XSS_PAYLOADS[5]);
      assert.equal(await text('#webhook-id'), XSS_PAYLOADS[6]);
      assert.equal(await tab.title(), message.conversation.title);
    }
  });

  it('renders a 5 MB body truncated, with the notice and "Open full body in editor"', async () => {
    const body = JSON.stringify({ type: 'run.status', data: Array.from({ length: 70_000 }, (_, i) => ({ run_id: `run-${i}`, status_v2: 'succeeded', note: 'ünïcødé 😀 <b>' })) });
    assert.ok(Buffer.byteLength(body) > 5 * 1024 * 1024);
    const c = conversation({ body });
    const built = Date.now();
    const message = showMessage(c);
    const buildMs = Date.now() - built;
    await load();
    const started = Date.now();
    await post(message);
    await tab.locator('#request-truncated').waitFor();
    const inPageMs = (await tab.evaluate(
      'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - window.__lastMessageAt))))',
    )) as number;
    const renderMs = Date.now() - started;
    console.log(
      `      5 MB body: view model built in ${buildMs} ms; in the page, message received → rendered and painted in ${Math.round(inPageMs)} ms; ` +
        `${renderMs} ms from the test's post (includes Playwright's transfer of the 256 KB message)`,
    );
    assert.match(await text('#request-truncated'), /Showing the first 256 KB of 5(\.\d)? MB/);
    const shown = await text('#request-body');
    assert.ok(body.startsWith(shown), 'the shown text is the exact start of the body (too big to pretty-print)');
    assert.equal(Buffer.byteLength(shown), 256 * 1024);
    await tab.getByRole('button', { name: 'Open full body in editor' }).click();
    const sent = (await posted()).at(-1)!;
    assert.deepEqual([sent.type, sent.part], ['openFullBody', 'request']);
  });

  function attemptsMessage(...attempts: LocalAttempt[]): LocalAttemptsMessage {
    return {
      type: 'localAttempts',
      conversationId: 'conv-8f3a2c',
      attempts: attempts.map((a) => buildLocalAttemptView(a, verifyConversation(a.conversation, SECRET), { nowMs: NOW + 1000 })),
    };
  }

  it('Send Again… is busy until the host answers; the attempts show under "Sent from VS Code", status first, apart from the delivery', async () => {
    await load();
    await post(showMessage(conversation()));
    await tab.locator('#request-body').waitFor();
    assert.equal(await tab.locator('#local-attempts').isHidden(), true, 'nothing sent yet: no section');
    await tab.getByRole('button', { name: 'Send Again…', exact: true }).click();
    const sent = (await posted()).at(-1)!;
    assert.equal(sent.type, 'sendAgain');
    assert.equal(await tab.locator('#send-again').getAttribute('aria-busy'), 'true');
    const down = attemptOf({ kind: 'failed', error: 'error: could not connect to localhost:8000: connection refused (ECONNREFUSED).', timedOut: false, latencyMs: 1 }, { id: 'local-t-2' });
    await post(attemptsMessage(down, attemptOf({ ...OK, body: XSS_PAYLOADS[1] })));
    await post({ type: 'actionResult', requestId: sent.requestId, ok: true, message: 'Sent from VS Code to http://localhost:8000/webhookhandler: 200 OK (12 ms)' });
    await tab.locator('#send-again:enabled').waitFor();
    assert.equal(await tab.getByRole('status').filter({ hasText: 'Sent from VS Code to http://localhost:8000/webhookhandler: 200 OK (12 ms)' }).count(), 1);
    const section = tab.getByRole('region', { name: 'Sent from VS Code' });
    await section.waitFor();
    assert.equal(await section.getByRole('article').count(), 2);
    const newest = section.getByRole('article').first();
    assert.match(await newest.getByRole('heading', { level: 3 }).innerText(), /^Sent from VS Code · /);
    assert.equal((await text('#attempt-1-outcome')).trim(), 'error: could not connect to localhost:8000: connection refused (ECONNREFUSED).');
    assert.equal((await text('#attempt-2-outcome')).trim(), '200 OK');
    assert.match(await text('#attempt-2'), /Latency12 ms/);
    assert.match(await text('#attempt-2'), /The recorded body, byte for byte\./);
    assert.match(await text('#attempt-2-verdict'), /^\s*Valid: the signature matches/);
    assert.equal(await text('#attempt-2-response-body'), XSS_PAYLOADS[1], 'the answer as text');
    assert.equal(await canary(), undefined);
    assert.equal(await tab.locator('#attempt-1-open-response-body').isDisabled(), true, 'no answer to open');
    await tab.locator('#attempt-2-compare-with').click();
    const compare = (await posted()).at(-1) as { type: string; attemptId?: string };
    assert.deepEqual([compare.type, compare.attemptId], ['compareAttempt', 'local-t-1']);
    assert.deepEqual(await violations(), []);
    await section.scrollIntoViewIfNeeded();
    await tab.screenshot({ path: path.join(RESULTS, 'inspector-sent-from-vscode.png'), fullPage: true });
  });

  it('ignores attempts of another conversation, and a new show starts without them', async () => {
    await load();
    await post(showMessage(conversation()));
    await post({ ...attemptsMessage(attemptOf(OK)), conversationId: 'conv-other' });
    await tab.waitForTimeout(100);
    assert.equal(await tab.locator('#local-attempts').isHidden(), true);
    await post(attemptsMessage(attemptOf(OK)));
    await tab.locator('#attempt-1').waitFor();
    await post(showMessage(conversation()));
    await tab.waitForTimeout(100);
    assert.equal(await tab.locator('#attempt-1').count(), 0, 'the host sends the list again after each show');
  });

  it('takes screenshots in the light, dark and high-contrast themes', async () => {
    const backgrounds: Record<string, string> = {};
    for (const theme of THEMES) {
      await load({ theme });
      await post(showMessage(conversation({ signWith: 'not-the-secret' })));
      await tab.locator('#signature-verdict').waitFor();
      await tab.evaluate('document.fonts.ready');
      backgrounds[theme] = (await tab.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
      const file = path.join(RESULTS, `inspector-${theme}.png`);
      await tab.screenshot({ path: file, fullPage: true });
      assert.ok(fs.statSync(file).size > 10_000, `${file} looks empty`);
    }
    assert.deepEqual(backgrounds, { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' });
    assert.match(await text('#signature-verdict'), /^\s*Invalid: the signature does not match/);
  });
});
