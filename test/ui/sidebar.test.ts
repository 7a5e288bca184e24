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

  it('expand a webhook → its conversations, status word first; Load more… fetches the next page', async () => {
    await row('high-volume').click();
    await wb.page.keyboard.press('ArrowRight');
    const first = sidebarRows(wb.page).filter({ hasText: /^(\d{3}|error|timeout) · run\.status · / }).first();
    await first.waitFor({ timeout: 30_000 });
    // the list is virtualised: go to its last row so "Load more…" is rendered
    await first.click();
    await wb.page.keyboard.press('End');
    const loadMore = row('Load more…');
    await loadMore.waitFor({ timeout: 15_000 });
    const before = fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length;
    await screenshot(wb.page, 'conversations');
    await loadMore.click();
    // new rows arrive after the request: keep going to the end until the next "Load more…" shows
    for (let i = 0; i < 60 && !(await row('200 shown').isVisible()); i++) {
      await wb.page.keyboard.press('End');
      await wb.page.waitForTimeout(250);
    }
    assert.ok(await row('200 shown').isVisible(), 'the second page is shown');
    const after = fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length;
    assert.equal(after - before, 1, `Load more… made exactly one request (saw ${after - before})`);
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
