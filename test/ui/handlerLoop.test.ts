import { strict as assert } from 'assert';
import type { Workbench } from '../harness/workbench';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { startLocalReceivers, type LocalReceivers } from '../tools/demo/localReceivers';
import { newestWebview, openNextmvView, openWorkbench, quickInput, runCommand, screenshot, screenshotFailures, sidebarRows, VARIANT } from './helpers';

const WEBHOOK = 'local-receiver';

describe(`UI (VS Code ${VARIANT}): Send Again from the inspector`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;
  let receivers: LocalReceivers;
  let endpoint: string;

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'ui-send-again-key-0123' });
    // "local-receiver" delivers to a receiver on 127.0.0.1 that checks signatures like Nextmv's handler
    receivers = await startLocalReceivers(fake);
    endpoint = fake.state.getWebhook(WEBHOOK)!.endpoint_url;
    const fired = await fetch(`${fake.url}/_fake/runs/run-ui-send-again/status`, { method: 'POST', body: JSON.stringify({ status: 'succeeded', application_id: 'order-routing', webhook_ids: [WEBHOOK] }) });
    assert.equal(fired.status, 200, await fired.text());
    assert.equal(receivers.verifying.deliveries.length, 1);
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': fake.url }, env: { NEXTMV_API_KEY: fake.key } });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await receivers?.close();
    await fake?.close();
  });

  it('Send Again… → the quick input lists the endpoint first → Enter → "Sent from VS Code" with its 200 in the inspector', async () => {
    const page = wb.page;
    await openNextmvView(page);
    const hook = sidebarRows(page).filter({ hasText: WEBHOOK }).first();
    await hook.waitFor({ timeout: 30_000 });
    await hook.click();
    await page.keyboard.press('ArrowRight');
    const row = sidebarRows(page).filter({ hasText: /^200 · run\.status · / }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const view = newestWebview(page);
    const word = view.locator('#outcome .outcome-word');
    // a click that lands while health updates re-render the row can be lost: Enter opens the focused row
    if (!(await word.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      await row.click();
      await page.keyboard.press('Enter');
      await word.waitFor({ timeout: 30_000 });
    }
    const sendAgain = view.getByRole('button', { name: /^Send Again/ });
    await sendAgain.click();

    const qi = quickInput(page);
    await qi.rows.first().waitFor({ timeout: 15_000 });
    assert.match(await qi.rows.first().innerText(), new RegExp(endpoint.replace(/[.:/]/g, '\\$&')), "the webhook's endpoint first");
    assert.match((await qi.widget.innerText()).replace(/\s+/g, ' '), /Sign with t in milliseconds instead/);
    await page.keyboard.press('Enter');

    const outcome = view.locator('#attempt-1-outcome');
    await outcome.waitFor({ timeout: 30_000 });
    assert.match((await outcome.innerText()).trim(), /^200\s+OK$/);
    assert.equal((await view.getByRole('region', { name: 'Sent from VS Code' }).getByRole('heading', { level: 3 }).first().innerText()).split(' · ')[0], 'Sent from VS Code');
    assert.match(await view.getByRole('status').filter({ hasText: 'Sent from VS Code to' }).innerText(), /: 200 OK \(\d+ ms\)$/);
    const [original, again] = receivers.verifying.deliveries;
    assert.equal(again.verdict, 'valid');
    assert.equal(again.body, original.body, 'the recorded bytes');
    // the page as it opened: the delivery's summary, the actions, then the attempt (README screenshot),
    // without the toast VS Code shows when a first click on a row was lost to a redraw (see above)
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.waitForTimeout(300);
    await screenshot(page, 'send-again');
  });

  it('a typed URL: one that is not HTTP is refused in place; a typed http URL is sent to, and offered first next time', async () => {
    const page = wb.page;
    const view = newestWebview(page);
    await view.getByRole('button', { name: /^Send Again/ }).click();
    const qi = quickInput(page);
    await qi.input.waitFor({ timeout: 15_000 });
    await qi.input.fill('ftp://127.0.0.1/hook');
    const refused = qi.rows.filter({ hasText: 'cannot be sent to' }).first();
    await refused.waitFor({ timeout: 10_000 });
    assert.match(await qi.widget.innerText(), /Only http:\/\/ and https:\/\/ URLs can be sent to/);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    assert.equal(await qi.widget.isVisible(), true, 'Enter on an unusable URL keeps the input open');
    const typed = `${endpoint}?typed=1`;
    await qi.input.fill(typed);
    await qi.rows.filter({ hasText: 'send to this URL' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await view.locator('#attempt-2').waitFor({ timeout: 30_000 });
    assert.match((await view.locator('#attempt-1-outcome').innerText()).trim(), /^200/);
    assert.equal(receivers.verifying.deliveries.at(-1)!.path, new URL(typed).pathname + '?typed=1');

    await view.getByRole('button', { name: /^Send Again/ }).click();
    await qi.rows.first().waitFor({ timeout: 15_000 });
    assert.match(await qi.rows.first().innerText(), /\?typed=1/, 'the target used last comes first');
    await page.keyboard.press('Escape');
    await view.locator('#send-again:enabled').waitFor({ timeout: 10_000 });
  });
});
