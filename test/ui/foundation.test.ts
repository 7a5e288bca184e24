import { strict as assert } from 'assert';
import type { Workbench } from '../harness/workbench';
import { openNextmvView, openWorkbench, screenshotFailures, quickInput, runCommand, screenshot, sidebarRows, VARIANT, welcomeView } from './helpers';

describe(`UI (VS Code ${VARIANT}): first run`, function () {
  this.timeout(180_000);
  let wb: Workbench;
  before(async () => {
    // nothing listens on port 9: the key check fails at once and offers "Save Anyway"
    wb = await openWorkbench({ settings: { 'nextmvWebhooks.apiUrl': 'http://127.0.0.1:9' } });
  });
  screenshotFailures(() => wb);
  after(async () => wb && wb.stop());
  const connectStep = () => wb.page.locator('.gettingStartedContainer button.getting-started-step[data-step-id$="#gettingStarted#connect"]').first();

  it('shows the Nextmv Webhooks view with the welcome content and its Set API Key button', async () => {
    await openNextmvView(wb.page);
    const welcome = welcomeView(wb.page);
    await welcome.getByText('Connect to Nextmv Cloud').waitFor({ timeout: 30_000 });
    const button = welcome.getByRole('button', { name: 'Set API Key' });
    await button.waitFor();
    assert.equal(await button.isVisible(), true);
    await screenshot(wb.page, 'welcome');
  });

  it('the walkthrough opens from Welcome: Open Walkthrough… with its five steps, Connect not done yet', async () => {
    await runCommand(wb.page, 'Welcome: Open Walkthrough...');
    const { input } = quickInput(wb.page);
    await input.fill('Nextmv');
    await wb.page.locator('.quick-input-list .monaco-list-row:has-text("Get Started with Nextmv Webhooks")').first().click({ timeout: 15_000 });
    const editor = wb.page.locator('.gettingStartedContainer');
    await editor.getByText('Get Started with Nextmv Webhooks').first().waitFor({ timeout: 30_000 });
    for (const title of ['Connect to Nextmv', 'See webhooks and deliveries', 'Inspect a delivery', 'Validate a delivery', 'Send it again to your handler']) {
      await editor.getByText(title, { exact: true }).first().waitFor({ timeout: 15_000 });
    }
    assert.equal(await connectStep().getAttribute('aria-checked'), 'false');
    await screenshot(wb.page, 'walkthrough');
  });

  it('Set API Key from the palette asks for the key in a password box; offline, Save Anyway stores it and the welcome view goes away', async () => {
    await runCommand(wb.page, 'Nextmv Webhooks: Set API Key');
    const input = quickInput(wb.page).widget.locator('input[placeholder="Paste your API key"]:visible');
    await input.waitFor({ timeout: 15_000 });
    assert.equal(await input.getAttribute('type'), 'password', 'the key is masked');
    await screenshot(wb.page, 'set-api-key-prompt');
    await input.fill('ui-test-key-0123456789');
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    assert.match(await dialog.innerText(), /Could not check the API key/);
    await screenshot(wb.page, 'save-anyway');
    await dialog.getByRole('button', { name: 'Save Anyway' }).click();
    await welcomeView(wb.page).getByText('Connect to Nextmv Cloud').waitFor({ state: 'hidden', timeout: 15_000 });
    // the key is stored; the list cannot load (nothing listens on port 9): the welcome view says why, with its
    // buttons (an error that needs an action is welcome content, not a tree row)
    const unreachable = welcomeView(wb.page);
    await unreachable.getByText('Could not reach Nextmv').waitFor({ timeout: 30_000 });
    for (const name of ['Retry', 'Open Settings', 'Show Logs']) await unreachable.getByRole('button', { name }).waitFor();
    assert.equal(await sidebarRows(wb.page).count(), 0, 'no error row');
    await screenshot(wb.page, 'after-set-api-key');
  });


  it('with a key set, the walkthrough marks Connect to Nextmv done (its completion event is our hasApiKey context key)', async () => {
    await wb.page.locator('.tabs-container .tab').filter({ hasText: /Walkthrough|Welcome/ }).first().click();
    for (let i = 0; i < 50 && (await connectStep().getAttribute('aria-checked')) !== 'true'; i++) await wb.page.waitForTimeout(200);
    assert.equal(await connectStep().getAttribute('aria-checked'), 'true');
  });
});
