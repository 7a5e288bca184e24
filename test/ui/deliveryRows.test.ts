import { strict as assert } from 'assert';
import type { Workbench } from '../harness/workbench';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { openNextmvView, openWorkbench, screenshot, screenshotFailures, sidebarRows, VARIANT } from './helpers';

/** What a person sees in a delivery row's context menu, in its order (groups: open, inspect, copy, export, send). */
const MENU = ['Open Conversation', 'Open Request Body', 'Open Response Body', 'Validate Delivery', 'Compare With…', 'Copy as cURL', 'Export…', 'Send Again…', 'Edit and Send…'];

describe(`UI (VS Code ${VARIANT}): a delivery row's actions`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'ui-rows-key-0123' });
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': fake.url }, env: { NEXTMV_API_KEY: fake.key } });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('right-click a delivery → its menu by title; the row shows Send Again and Validate inline; Open Request Body opens the exact body', async () => {
    const page = wb.page;
    await openNextmvView(page);
    const hook = sidebarRows(page).filter({ hasText: 'orders-prod' }).first();
    await hook.waitFor({ timeout: 30_000 });
    await hook.click();
    await page.keyboard.press('ArrowRight');
    const row = sidebarRows(page).filter({ hasText: /^200 · run\.status · / }).first();
    await row.waitFor({ timeout: 30_000 });

    await row.hover();
    for (const name of ['Send Again…', 'Validate Delivery']) await row.getByRole('button', { name }).waitFor({ timeout: 10_000 });

    await row.click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu').last();
    await menu.getByRole('menuitem', { name: 'Open Request Body' }).waitFor({ timeout: 15_000 });
    const entries = (await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    assert.deepEqual(entries, MENU);
    await screenshot(page, 'delivery-row-menu');
    await menu.getByRole('menuitem', { name: 'Open Request Body' }).click();

    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'request.json' });
    await tab.waitFor({ timeout: 30_000 });
    // the first 200 row is the newest delivery answered 200 (the tree lists newest first)
    const delivery = fake.state.conversationPage('orders-prod', undefined, 100).items.find((c) => c.response?.status_code === 200)!;
    const runId = (JSON.parse(delivery.request.body) as { data: { run_id: string } }).data.run_id;
    const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await lines.filter({ hasText: runId }).waitFor({ timeout: 15_000 });
    assert.match((await lines.innerText()).replace(/\s+/g, ' '), /"type": "run\.status"/, 'the body, pretty-printed in a JSON editor');
  });
});
