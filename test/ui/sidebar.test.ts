import { strict as assert } from 'assert';
import type { Workbench } from '../harness/workbench';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { openNextmvView, openWorkbench, screenshotFailures, quickInput, runCommand, screenshot, setApiKeyThroughPalette, sidebarRows, VARIANT } from './helpers';

describe(`UI (VS Code ${VARIANT}): the webhooks tree against the fake API`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;
  const row = (text: string) => sidebarRows(wb.page).filter({ hasText: text }).first();

  before(async () => {
    // 5 webhooks, one ("high-volume") with 250 deliveries, served 100 a page
    fake = await startFakeApi({ seed: '5x250', key: 'ui-test-key-0123456789', paginate: true, pageSize: 100 });
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': fake.url } });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await fake?.close();
  });

  it('set the key through the palette → the tree lists the seeded webhooks by id', async () => {
    await openNextmvView(wb.page);
    await setApiKeyThroughPalette(wb.page, fake.key);
    const ids = fake.state.listWebhooks().map((w) => w.id);
    await row(ids[0]).waitFor({ timeout: 30_000 });
    const texts = await sidebarRows(wb.page).allInnerTexts();
    for (const id of ids) assert.ok(texts.some((t) => t.startsWith(id)), `row for ${id} in ${JSON.stringify(texts)}`);
    await screenshot(wb.page, 'tree');
  });

  it('expand a webhook → its conversations, status word first; Older deliveries replaces the page with the next', async () => {
    await row('high-volume').click();
    await wb.page.keyboard.press('ArrowRight');
    const first = sidebarRows(wb.page).filter({ hasText: /^(\d{3}|error|timeout) · run\.status · / }).first();
    await first.waitFor({ timeout: 30_000 });
    const firstLabel = await first.innerText();
    // the list is virtualised: go to its last row so "Older deliveries" is rendered
    await first.click();
    await wb.page.keyboard.press('End');
    const older = row('Older deliveries');
    await older.waitFor({ timeout: 15_000 });
    assert.match(await older.innerText(), /from 101/, 'how many more is not known before they are fetched');
    const before = fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length;
    await screenshot(wb.page, 'conversations');
    await older.click();
    // the second page replaces the first: the Older row now leads past 200, and a Newer row heads the page
    await sidebarRows(wb.page).filter({ hasText: 'Older deliveries' }).filter({ hasText: 'from 201' }).first().waitFor({ timeout: 30_000 });
    const after = fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length;
    assert.equal(after - before, 1, `Older deliveries made exactly one request (saw ${after - before})`);
    await wb.page.keyboard.press('Home');
    await row('Newer deliveries').waitFor({ timeout: 15_000 });
    const texts = await sidebarRows(wb.page).allInnerTexts();
    assert.ok(!texts.includes(firstLabel) || texts.filter((t) => t === firstLabel).length <= 1, 'the first page is gone');
    await screenshot(wb.page, 'older-page');
    await row('Newer deliveries').click();
    await row('Newer deliveries').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length, after, 'Newer asks for nothing');
  });

  it('Filter Deliveries… from the view title: the quick pick offers Failed; the rows are then only failed ones, and Clear Filter brings back the rest', async () => {
    await wb.page.keyboard.press('Escape');
    const title = wb.page.locator('.part.sidebar .title-actions, .part.sidebar .pane-header .actions');
    await title.locator('a[aria-label="Filter Deliveries…"]').first().click({ timeout: 15_000 });
    const qi = quickInput(wb.page);
    const failed = qi.rows.filter({ hasText: /^Failed/ }).first();
    await failed.waitFor({ timeout: 15_000 });
    await screenshot(wb.page, 'filter-pick');
    await failed.click(); // ticks it
    await wb.page.keyboard.press('Enter');
    const rows = sidebarRows(wb.page).filter({ hasText: /· run\.status ·/ });
    const onlyFailed = async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 0 && texts.every((t) => /^(4\d\d|5\d\d|error|timeout) · /.test(t));
    };
    for (let i = 0; i < 100 && !(await onlyFailed()); i++) await wb.page.waitForTimeout(300);
    for (const text of await rows.allInnerTexts()) assert.match(text, /^(4\d\d|5\d\d|error|timeout) · run\.status · /);
    assert.match(await sidebarRows(wb.page).filter({ hasText: 'high-volume' }).first().innerText(), /\d+\+? match/);
    // the title's filter icon is now Clear Filter (the view's description says "filter: failed" where the
    // workbench shows it: a single view's title in this sidebar has no room for it)
    await title.locator('a[aria-label="Clear Filter"]').first().waitFor({ timeout: 15_000 });
    await screenshot(wb.page, 'filtered');
    await title.locator('a[aria-label="Clear Filter"]').first().click({ timeout: 15_000 });
    await sidebarRows(wb.page).filter({ hasText: /^2\d\d · run\.status · / }).first().waitFor({ timeout: 30_000 });
    await title.locator('a[aria-label="Filter Deliveries…"]').first().waitFor({ timeout: 15_000 });
  });

  it('Enter on a delivery row opens it; Delete on a webhook row asks in the modal naming it (Cancel deletes nothing)', async () => {
    const focused = wb.page.locator('.part.sidebar .monaco-list-row.focused');
    const tabs = wb.page.locator('.tabs-container .tab');
    await runCommand(wb.page, 'View: Close All Editors');
    await tabs.first().waitFor({ state: 'detached', timeout: 15_000 });
    await runCommand(wb.page, 'Focus on Webhooks View');
    await wb.page.keyboard.press('Home');
    for (let i = 0; i < 30 && !/^(\d{3}|error|timeout) · run\.status · /.test(await focused.innerText().catch(() => '')); i++) await wb.page.keyboard.press('ArrowDown');
    const label = (await focused.innerText()).split('\n')[0];
    await wb.page.keyboard.press('Enter');
    await tabs.filter({ hasText: /run\.status/ }).first().waitFor({ timeout: 30_000 });
    assert.match(await tabs.first().innerText(), new RegExp(`^${label.split(' · ')[0]} · run\\.status`), 'the focused delivery opened');

    // the last row is the last webhook's (collapsed); the delivery opened above belongs to another
    const target = fake.state.listWebhooks().at(-1)!.id;
    await runCommand(wb.page, 'Focus on Webhooks View');
    await wb.page.keyboard.press('End');
    await focused.filter({ hasText: target }).waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Delete');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), new RegExp(`Delete webhook "${target}"`));
    await screenshot(wb.page, 'delete-key-modal');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 15_000 });
    assert.ok(fake.state.getWebhook(target), 'nothing deleted');
    assert.equal(fake.requestsTo('deleteWebhook').length, 0);
  });

  it('create a webhook through the inputs → it appears; delete it through the modal → it is gone', async () => {
    await wb.page.keyboard.press('Escape');
    await runCommand(wb.page, 'Nextmv Webhooks: Create Webhook');
    const qi = quickInput(wb.page);
    // wait for the step's own title ("Create Webhook (2/4)"): typing into the previous box would be lost
    const waitStep = (n: number) => qi.widget.filter({ hasText: `Create Webhook (${n}/4)` }).waitFor({ timeout: 15_000 });
    const typeStep = async (n: number, text: string) => {
      await waitStep(n);
      await qi.input.waitFor({ timeout: 15_000 });
      await qi.input.fill(text);
      await wb.page.waitForTimeout(150); // validation as you type
      await wb.page.keyboard.press('Enter');
    };
    await typeStep(1, 'ui-created-hook');
    await typeStep(2, 'https://example.com/ui-hook');
    await waitStep(3);
    await qi.widget.locator('.quick-input-list .monaco-list-row', { hasText: 'run.status' }).waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter'); // run.status is preselected
    await typeStep(4, 'created by the UI test');
    await row('ui-created-hook').waitFor({ timeout: 30_000 });
    assert.ok(fake.state.getWebhook('ui-created-hook'));
    await screenshot(wb.page, 'created');

    await runCommand(wb.page, 'Nextmv Webhooks: Delete Webhook');
    await qi.widget.locator('.quick-input-list .monaco-list-row', { hasText: 'ui-created-hook' }).first().waitFor({ timeout: 15_000 });
    await qi.input.fill('ui-created-hook');
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /ui-created-hook/);
    await screenshot(wb.page, 'delete-modal');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await row('ui-created-hook').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(fake.state.getWebhook('ui-created-hook'), undefined);
  });
});
