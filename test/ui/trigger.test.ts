import { strict as assert } from 'assert';
import type { Page } from 'playwright-core';
import type { Workbench } from '../harness/workbench';
import { startFakeApi, startReceiver, type FakeApi, type Receiver } from '../tools/fake-api';
import { notifications, openNextmvView, openWorkbench, quickInput, runCommand, screenshot, screenshotFailures, sidebarRows, VARIANT } from './helpers';

const HOOK = 'ui-run-hook';

/** The inspector's webview (outer iframe → inner iframe with our HTML), the newest one. */
function inspector(page: Page, marker: string) {
  return page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame').locator(marker);
}

/**
 * Trigger Webhook as a person does it on Nextmv Cloud (the fake with no /trigger route): palette → webhook →
 * Start a run → application → input → instance; the run's signed deliveries reach a local endpoint, appear
 * under the webhook, and the last opens in the inspector.
 */
describe(`UI (VS Code ${VARIANT}): Trigger Webhook starts a run`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;
  let receiver: Receiver;

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'ui-trigger-key-0123', runPaceMs: 1500, deliveryTimeoutMs: 2000 });
    receiver = await startReceiver({ secret: ({ path }) => fake.secretOf(path.split('/').pop() ?? '') });
    const now = new Date().toISOString();
    fake.state.putWebhook({ id: HOOK, event_types: ['run.status'], endpoint_url: `${receiver.url}/hooks/${HOOK}`, description: 'local receiver', created_at: now, updated_at: now, secret: 'whsec_ui_trigger_0123456789', extra: {} });
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': fake.url }, env: { NEXTMV_API_KEY: fake.key } });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await receiver?.close();
    await fake?.close();
  });

  it('palette → webhook → Start a run → order-routing → {} → default instance: deliveries in the tree, the last in the inspector', async () => {
    await openNextmvView(wb.page);
    await sidebarRows(wb.page).filter({ hasText: HOOK }).first().waitFor({ timeout: 30_000 });
    await runCommand(wb.page, 'Nextmv Webhooks: Trigger Webhook');
    const qi = quickInput(wb.page);
    await qi.rows.filter({ hasText: HOOK }).first().waitFor({ timeout: 15_000 });
    await qi.input.fill(HOOK);
    await wb.page.keyboard.press('Enter');

    // each step by its own count, so that a key press never lands in the previous one
    const step = async (n: number, row: string | undefined) => {
      await qi.widget.filter({ hasText: `(${n}/4)` }).waitFor({ timeout: 15_000 });
      await qi.widget.filter({ hasText: "uses your Nextmv account's compute" }).waitFor({ timeout: 5_000 });
      if (row) {
        await qi.rows.filter({ hasText: row }).first().waitFor({ timeout: 15_000 });
        await qi.input.fill(row);
        await qi.rows.filter({ hasText: row }).first().waitFor({ timeout: 5_000 });
      }
      await wb.page.keyboard.press('Enter');
    };
    await step(1, 'Start a run');
    await step(2, 'order-routing');
    await screenshot(wb.page, 'trigger-application');
    await step(3, 'Empty input');
    await step(4, undefined);

    const done = notifications(wb.page).filter({ hasText: /Run \S+ of "order-routing" succeeded\. 3 run\.status deliveries/ });
    await done.first().waitFor({ timeout: 90_000 });
    assert.equal(fake.requestsTo('createRun').length, 1);
    assert.equal(fake.requestsTo('triggerWebhook').length, 0);
    const received = receiver.deliveries.filter((d) => d.path === `/hooks/${HOOK}`);
    assert.deepEqual(received.map((d) => d.verdict), ['valid', 'valid', 'valid']);

    const runRows = sidebarRows(wb.page).filter({ hasText: /^200 · run\.status · / });
    await runRows.nth(2).waitFor({ timeout: 30_000 });
    // the newest row (the final delivery) is the one selected: each was revealed as it arrived
    let selected: (string | null)[] = [];
    for (let i = 0; i < 40; i++) {
      selected = await Promise.all([0, 1, 2].map((n) => runRows.nth(n).getAttribute('aria-selected')));
      if (selected[0] === 'true') break;
      await wb.page.waitForTimeout(250);
    }
    assert.deepEqual(selected, ['true', 'false', 'false'], 'the newest of the three rows is selected');
    await inspector(wb.page, '#outcome .outcome-word').filter({ hasText: '200' }).waitFor({ timeout: 30_000 });
    await screenshot(wb.page, 'trigger-run-followed');
  });
});
