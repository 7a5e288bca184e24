import { strict as assert } from 'assert';
import type { Workbench } from '../harness/workbench';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { signDelivery } from '../../src/core/validator/signature';
import { openNextmvView, openWorkbench, screenshotFailures, quickInput, runCommand, screenshot, sidebarRows, VARIANT, webviewWith } from './helpers';

const THEMES: [string, string][] = [
  ['light', 'Light Modern'],
  ['dark', 'Dark Modern'],
  ['hc', 'Dark High Contrast'],
];

describe(`UI (VS Code ${VARIANT}): inspector and validator`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;
  /** Preferences: Color Theme from the palette, as a person would switch it. */
  const setTheme = async (theme: string) => {
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+T'); // Preferences: Color Theme
    const { input } = quickInput(wb.page);
    await input.waitFor();
    await input.fill(theme);
    await quickInput(wb.page).rows.filter({ hasText: theme }).first().waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForTimeout(1000); // the webviews repaint with the new --vscode-* variables
  };

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'ui-panels-key-0123' });
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': fake.url }, env: { NEXTMV_API_KEY: fake.key } });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('click a conversation in the tree → the inspector shows its status and request body (light, dark, high contrast)', async () => {
    await openNextmvView(wb.page);
    const hook = sidebarRows(wb.page).filter({ hasText: 'orders-prod' }).first();
    await hook.waitFor({ timeout: 30_000 });
    await hook.click();
    await wb.page.keyboard.press('ArrowRight');
    const conv = sidebarRows(wb.page).filter({ hasText: /^200 · run\.status · / }).first();
    await conv.waitFor({ timeout: 30_000 });
    await conv.click();
    const word = webviewWith(wb.page, '#outcome .outcome-word');
    // a click that lands while health updates re-render the row can be lost: Enter opens the focused row
    if (!(await word.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      await conv.click();
      await wb.page.keyboard.press('Enter');
      await word.waitFor({ timeout: 30_000 });
    }
    assert.equal(await word.innerText(), '200');
    const body = webviewWith(wb.page, '#request-body');
    await body.waitFor();
    assert.match(await body.innerText(), /"type": "run\.status"/);
    for (const [name, theme] of THEMES) {
      await setTheme(theme);
      await screenshot(wb.page, `inspector-${name}`);
    }
    await setTheme('Light Modern');
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('W'); // close all editors
  });

  it('Validate Delivery: a valid delivery says Valid; one changed byte says Invalid and why; a pretty-printed body gets the re-serialisation hint', async () => {
    await runCommand(wb.page, 'Nextmv Webhooks: Validate Delivery');
    const form = (sel: string) => webviewWith(wb.page, sel);
    const delivery = form('textarea#delivery');
    await delivery.waitFor({ timeout: 30_000 });
    // the secret of orders-prod, chosen by id: the extension host fetches it, the webview never sees it
    await form('select#webhook option[value="orders-prod"]').waitFor({ state: 'attached', timeout: 30_000 });
    await form('select#webhook').selectOption('orders-prod');
    const secret = fake.secretOf('orders-prod')!;
    const body = '{"type":"run.status","data":{"run_id":"run-ui-1","status_v2":"succeeded"}}';
    const header = signDelivery({ body, secret, timestamp: Math.floor(Date.now() / 1000) });
    const raw = (b: string) => `POST /hooks/nextmv HTTP/1.1\nContent-Type: application/json\nNextmv-Signature: ${header}\n\n${b}`;
    const status = form('[role="status"]');

    await delivery.fill(raw(body));
    await form('button#validate').click();
    await expectStatus(status, /^Valid/);
    await status.scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'validator-valid');

    await delivery.fill(raw(body.replace('run-ui-1', 'run-ui-2')));
    await expectStatus(status, /^Invalid/);
    const details = form('#details');
    assert.match(await details.innerText(), /mismatch|does not match|differ/i);

    await delivery.fill(raw(JSON.stringify(JSON.parse(body), null, 2)));
    await expectStatus(status, /^Invalid/);
    await wb.page.waitForTimeout(500);
    assert.match(await details.innerText(), /minified|re-?serial|pretty/i);
    await status.scrollIntoViewIfNeeded();
    await screenshot(wb.page, 'validator-pretty-printed');
    assert.ok(!(await form('body').innerText()).includes(secret), 'the secret is not on the page');
  });
});

async function expectStatus(status: ReturnType<typeof webviewWith>, expected: RegExp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const text = (await status.innerText().catch(() => '')).trim();
    if (expected.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match((await status.innerText()).trim(), expected);
}
