/**
 * The Validate Delivery webview in a real browser, without VS Code: the bundled script runs in Debian's
 * Chromium under the same CSP as in VS Code, with a stub acquireVsCodeApi whose "host" is the real
 * ValidatorSession (real parser and signature engine) running here in Node.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { ValidatorSession } from '../../src/core/validator/session';
import { signDelivery } from '../../src/core/validator/signature';
import type { HostToWebviewMessage, WebviewToHostMessage } from '../../src/shared/validatorProtocol';
import { RESULTS, THEMES, startWebviewHarness, waitUntil, type PageOptions, type Theme, type WebviewHarness } from './harness';

// The browser globals used inside page.evaluate callbacks: this file compiles without the DOM lib.
declare const window: { dispatchEvent(event: unknown): boolean; __pwned?: number; __violations: string[]; __states: unknown[] };
interface ProbedElement {
  textContent: string | null;
  parentElement: ProbedElement | null;
}
declare const document: { querySelector(selector: string): ProbedElement | null; querySelectorAll(selector: string): { length: number } };
declare function getComputedStyle(element: ProbedElement): { color: string; backgroundColor: string };
declare const sessionStorage: { getItem(key: string): string | null };
declare const MessageEvent: new (type: 'message', init: { data: unknown }) => unknown;

const SCREENSHOT = path.join(RESULTS, 'validator-standalone.png');
const SECRETS: Record<string, string> = { 'orders-prod': 'whsec-orders-prod-5f2a9c', 'billing-dev': 'whsec-billing-dev-77d1e0' };
const XSS = '<img src=x onerror=window.__pwned=1>';
/** a webhook id nobody should name a webhook, to prove the select renders ids as text */
const HOSTILE_ID = '<b onmouseover=window.__pwned=2>x</b>';
const BODY = '{"type":"run.status","data":{"run_id":"run-7","status_v2":"succeeded"}}';

/** Runs in the page: WCAG contrast of each selector's text colour against the first opaque background behind it. */
function contrastProbe(selectors: string[]): Record<string, number> {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (el: ProbedElement | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out: Record<string, number> = {};
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`no element ${selector}`);
    const a = luminance(rgb(getComputedStyle(el).color));
    const b = luminance(background(el));
    out[selector] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}

describe('validator webview in Chromium, without VS Code', function () {
  this.timeout(60_000);
  let harness: WebviewHarness;
  /** one tab for every test (a new page costs ~0.8 s here); each test gets a fresh load and host session */
  let tab: Page;
  let current: { session: ValidatorSession; hostPosts: HostToWebviewMessage[]; received: WebviewToHostMessage[] } | undefined;

  before(async () => {
    // the validator panel's title and static body (src/panels/validatorPanel.ts)
    harness = await startWebviewHarness({ script: 'validator', title: 'Validate Delivery', stylesheet: 'validator.css', body: '<main id="validator-root"></main>' });
    tab = await harness.newTab({
      onPost: (m: WebviewToHostMessage) => {
        current?.received.push(m);
        void current?.session.handle(m);
      },
    });
  });

  after(async () => {
    current = undefined;
    await harness?.close();
  });

  const webhookOptions = (p: Page) => p.evaluate(() => document.querySelectorAll('#webhook option').length);

  /** A fresh page whose host is a real ValidatorSession; what each side posts is recorded. */
  async function open(webhookIds = Object.keys(SECRETS), theme: Theme = 'dark', language: Pick<PageOptions, 'language' | 'l10nBundle'> = {}) {
    const p = tab;
    const hostPosts: HostToWebviewMessage[] = [];
    const received: WebviewToHostMessage[] = [];
    const session: ValidatorSession = new ValidatorSession({
      post: (m) => {
        if (current?.session !== session) return; // a late answer of the previous test's page
        hostPosts.push(m);
        p.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), m).catch(() => undefined);
      },
      listWebhookIds: () => Promise.resolve(webhookIds),
      getWebhookSecret: (id) => (id in SECRETS ? Promise.resolve(SECRETS[id]) : Promise.reject(new Error('unknown webhook'))),
    });
    current = { session, hostPosts, received };
    await harness.load(p, { theme, ...language }); // no state from the previous test
    await waitUntil(async () => (await webhookOptions(p)) > 1, 'the webhook list');
    return { page: p, hostPosts, received };
  }

  async function status(p: Page, prefix: 'Valid' | 'Invalid' | `[${string}]`): Promise<string> {
    try {
      await waitUntil(() => p.evaluate((want) => document.querySelector('[role="status"]')?.textContent?.startsWith(want) === true, prefix), `"${prefix}"`, 5000);
    } catch {
      assert.fail(`status never started with "${prefix}"; it says: "${await p.getByRole('status').textContent()}"`);
    }
    return (await p.getByRole('status').textContent()) ?? '';
  }

  function delivery(body: string, secret = SECRETS['orders-prod']): string {
    const header = signDelivery({ body, secret, timestamp: Math.floor(Date.now() / 1000) });
    return `POST /hooks/nextmv HTTP/1.1\nHost: example.com\nContent-Type: application/json\nNextmv-Signature: ${header}\n\n${body}`;
  }

  it('speaks the language the host gives it: labels, buttons, plurals and numbers from <html lang> and its bundle', async () => {
    const l10nBundle = {
      Delivery: '[Ðēŀīvēřỳ]',
      Validate: '[Vàŀīđàŧē]',
      Valid: '[Vàŀīđ]',
      'Reload list': '[Řēŀōàđ ŀīşŧ]',
      'one={0} header|other={0} headers': 'one={0} nagłówek|few={0} nagłówki|many={0} nagłówków|other={0} nagłówka',
    };
    const { page: p } = await open(Object.keys(SECRETS), 'dark', { language: 'pl', l10nBundle });
    assert.equal(await p.evaluate(() => (document as unknown as { documentElement: { lang: string } }).documentElement.lang), 'pl');
    assert.equal(await p.getByLabel('[Ðēŀīvēřỳ]', { exact: true }).count(), 1, 'the Delivery field under its translated label');
    assert.equal(await p.getByRole('button', { name: '[Vàŀīđàŧē]', exact: true }).count(), 1);
    assert.equal(await p.getByRole('button', { name: '[Řēŀōàđ ŀīşŧ]' }).count(), 1);
    assert.equal(await p.getByLabel('Secret', { exact: true }).count(), 1, 'what the bundle does not translate stays English');
    await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
    await p.getByLabel('[Ðēŀīvēřỳ]', { exact: true }).fill(delivery(BODY));
    assert.match(await status(p, '[Vàŀīđ]'), /^\[Vàŀīđ\] — /);
    // three headers: Polish "few", a category English does not have
    assert.match(await p.locator('#read-as').textContent() ?? '', /\b3 nagłówki\b/);
  });

  it('has the form of the UI contract, by accessible name; Reload list asks the host again', async () => {
    const ids = Object.keys(SECRETS);
    const { page: p } = await open(ids);
    for (const name of ['Delivery', 'Signature header', 'Body', 'Webhook', 'Secret', 'Ignore timestamp']) {
      assert.equal(await p.getByLabel(name, { exact: true }).count(), 1, name);
    }
    assert.equal(await p.getByRole('button', { name: 'Validate', exact: true }).count(), 1);
    assert.equal(await p.getByLabel('Secret', { exact: true }).getAttribute('type'), 'password');
    assert.equal(await p.getByRole('status').count(), 1);
    assert.deepEqual(await p.locator('#webhook option').allTextContents(), ['None: use the pasted secret', 'orders-prod', 'billing-dev']);
    assert.equal(await p.getByLabel('Max age (seconds)').inputValue(), '300');
    assert.equal(await p.getByLabel('Max skew (seconds)').inputValue(), '60');
    ids.push('added-later');
    await p.getByRole('button', { name: 'Reload list' }).click();
    await waitUntil(async () => (await webhookOptions(p)) === 4, 'the reloaded webhook list');
    assert.equal(await p.locator('#webhook option').last().textContent(), 'added-later');
  });

  it('a valid delivery with a webhook secret from the host: Valid, live, and no secret crosses over', async () => {
    const { page: p, hostPosts, received } = await open();
    await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
    await p.getByLabel('Delivery', { exact: true }).fill(delivery(BODY)); // no click: validates as you type
    const text = await status(p, 'Valid');
    assert.match(text, /Valid — the signature matches/);
    const checks = await p.locator('#checks li').allTextContents();
    assert.equal(checks.length, 4);
    for (const c of checks) assert.match(c, /^✓Passed: /);
    assert.match((await p.locator('#expected-signature').textContent()) ?? '', /^v1=[0-9a-f]{64}$/);
    assert.equal(await p.locator('#read-as').textContent(), `Read as a raw HTTP request, POST /hooks/nextmv, 3 headers, ${BODY.length}-byte body. Checked with the secret of webhook "orders-prod".`);
    assert.ok(received.some((m) => m.type === 'validate' && m.request.secret.kind === 'webhook'));
    const toWebview = JSON.stringify(hostPosts);
    for (const s of Object.values(SECRETS)) assert.ok(!toWebview.includes(s), 'a webhook secret was posted to the webview');
  });

  it('one byte changed: Invalid, with the mismatch explained; the Validate button works too', async () => {
    const { page: p } = await open();
    await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
    await p.getByLabel('Delivery', { exact: true }).fill(delivery(BODY).replace('"succeeded"', '"succeedeD"'));
    await p.getByRole('button', { name: 'Validate' }).click();
    assert.match(await status(p, 'Invalid'), /^Invalid — the signature does not match\.$/);
    const failed = await p.locator('#checks li.failed').allTextContents();
    assert.equal(failed.length, 1);
    assert.match(failed[0], /^✗Failed: Signature — v1 does not match the expected [0-9a-f]{64}/);
    assert.match((await p.locator('#hints').textContent()) ?? '', /No common mistake explains the mismatch/);
  });

  it('a pretty-printed body: the re-serialisation hint names the form that matches', async () => {
    const { page: p } = await open();
    await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
    const signed = delivery(BODY);
    const pretty = signed.replace(BODY, JSON.stringify(JSON.parse(BODY), null, 2));
    await p.getByLabel('Delivery', { exact: true }).fill(pretty);
    assert.match(await status(p, 'Invalid'), /it matches the body minified/);
    const hints = (await p.locator('#hints').textContent()) ?? '';
    assert.match(hints, /The signature matches the body minified \(JSON.stringify\(body\)\).*re-serialised/);
    await p.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(fs.statSync(SCREENSHOT).size > 10_000, 'a screenshot with content was saved');
  });

  it('renders hostile text verbatim and runs none of it', async () => {
    const { page: p } = await open(['orders-prod', HOSTILE_ID]);
    await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
    const pasted = delivery(XSS);
    await p.getByLabel('Delivery', { exact: true }).fill(pasted);
    await status(p, 'Valid');
    assert.equal(await p.locator('#signed-string').textContent(), `${/t=(\d+)/.exec(pasted)![1]}.${XSS}`);
    await p.getByLabel('Signature header', { exact: true }).fill(`${XSS},t=1`);
    await status(p, 'Invalid');
    const text = (await p.locator('#checks').textContent()) ?? '';
    assert.ok(text.includes(XSS), 'the header is shown as text');
    assert.equal(await p.locator('#webhook option', { hasText: HOSTILE_ID }).count(), 1, 'the hostile id is an option label, as text');
    const dom = await p.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('main b').length,
      pwned: window.__pwned,
      violations: window.__violations,
    }));
    assert.deepEqual(dom, { images: 0, bold: 0, pwned: undefined, violations: [] });
  });

  it('a pasted secret is used, shown on request, and never written to the saved state', async () => {
    const { page: p, received } = await open();
    await p.getByLabel('Delivery', { exact: true }).fill(delivery(BODY, 'my-own-secret-123'));
    assert.match(await status(p, 'Invalid'), /could not be checked: No secret/);
    await p.getByLabel('Secret', { exact: true }).fill('my-own-secret-123');
    await status(p, 'Valid');
    assert.ok(received.some((m) => m.type === 'validate' && m.request.secret.kind === 'pasted'));
    await p.getByRole('button', { name: 'Show secret' }).click();
    assert.equal(await p.getByLabel('Secret', { exact: true }).getAttribute('type'), 'text');
    assert.equal(await p.getByRole('button', { name: 'Hide secret' }).getAttribute('aria-pressed'), 'true');

    await p.getByLabel('Ignore timestamp').check();
    await p.reload(); // what VS Code does when a hidden webview is shown again without retained context
    await waitUntil(async () => (await webhookOptions(p)) > 1, 'the webhook list');
    assert.match(await p.getByLabel('Delivery', { exact: true }).inputValue(), /^POST \/hooks\/nextmv/);
    assert.equal(await p.getByLabel('Ignore timestamp').isChecked(), true);
    assert.equal(await p.getByLabel('Secret', { exact: true }).inputValue(), '');
    const states = await p.evaluate(() => JSON.stringify(window.__states) + sessionStorage.getItem('state'));
    assert.ok(states.includes('POST /hooks/nextmv'), 'the state was saved');
    assert.ok(!states.includes('my-own-secret-123'), 'the pasted secret was written to the state');
  });

  it('separate Signature header and Body fields, and a prefill from the host', async () => {
    const { page: p } = await open();
    const header = signDelivery({ body: BODY, secret: SECRETS['billing-dev'], timestamp: Math.floor(Date.now() / 1000) });
    await p.evaluate(
      (data) => window.dispatchEvent(new MessageEvent('message', { data })),
      { type: 'prefill', preselectWebhookId: 'billing-dev', prefill: { signatureHeader: `Nextmv-Signature: ${header}`, body: BODY } } satisfies HostToWebviewMessage,
    );
    await status(p, 'Valid');
    assert.equal(await p.getByLabel('Webhook', { exact: true }).inputValue(), 'billing-dev');
    assert.match((await p.locator('#read-as').textContent()) ?? '', /the Signature header and Body fields/);
  });

  for (const theme of THEMES) {
    it(`is readable in the ${theme} theme: verdict text and icons contrast with their background`, async () => {
      const { page: p } = await open(Object.keys(SECRETS), theme);
      await p.getByLabel('Webhook', { exact: true }).selectOption('orders-prod');
      await p.getByLabel('Delivery', { exact: true }).fill(delivery(BODY).replace('"succeeded"', '"failed"'));
      await status(p, 'Invalid');
      const ratios = await p.evaluate(contrastProbe, ['#status', '.verdict .icon', '#checks li.passed .icon', '#checks li.failed .icon', '#checks li strong', '#hints li']);
      assert.equal(Object.keys(ratios).length, 6);
      for (const [selector, ratio] of Object.entries(ratios)) {
        const min = selector.includes('icon') ? 3 : 4.5; // WCAG: graphics 3:1, text 4.5:1
        assert.ok(ratio >= min, `${theme}: ${selector} has a contrast of ${ratio.toFixed(2)}, below ${min}`);
      }
      if (theme !== 'dark') await p.screenshot({ path: SCREENSHOT.replace('.png', `-${theme}.png`), fullPage: true });
    });
  }
});
