// Helpers for the UI tier: a real VS Code (code-server) with the packaged VSIX installed, driven in
// headless Chromium. Selectors are the ones proven on VS Code 1.100 and 1.139.
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Page } from 'playwright-core';
import { startWorkbench, ROOT, type Workbench, type WorkbenchOptions } from '../harness/workbench';

export const VARIANT = process.env.VSCODE_VARIANT ?? '100';
export const VSIX = process.env.NEXTMV_VSIX ?? path.join(ROOT, 'nextmv-webhooks.vsix');
export const RESULTS = path.join(ROOT, 'test-results', `ui-${VARIANT}`);

export async function openWorkbench(o: Partial<WorkbenchOptions> = {}): Promise<Workbench> {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: npm test packages it first (or set NEXTMV_VSIX)`);
  const wb = await startWorkbench({ variant: VARIANT, installVsix: [VSIX], ...o });
  await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return wb;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Clicks our activity-bar entry and waits for the Webhooks view to be shown. */
export async function openNextmvView(page: Page): Promise<void> {
  const entry = page.locator('.part.activitybar .action-item a[aria-label^="Nextmv Webhooks"]');
  await entry.click({ timeout: 60_000 });
  // With a single view the pane header is hidden: wait for the container's title instead.
  await page.locator('.part.sidebar .title-label').filter({ hasText: /Nextmv Webhooks/i }).waitFor({ timeout: 30_000 });
}

/**
 * The visible quick input (palette, input box or quick pick). VS Code 1.139 keeps a separate, hidden
 * widget for the palette, so always filter on visibility.
 */
export function quickInput(page: Page) {
  const widget = page.locator('.quick-input-widget:visible').last();
  return { widget, input: widget.locator('input.input:visible').first(), rows: widget.locator('.quick-input-list .monaco-list-row') };
}

/** Set API Key from the palette, typing the key into its password box. */
export async function setApiKeyThroughPalette(page: Page, key: string): Promise<void> {
  await runCommand(page, 'Nextmv Webhooks: Set API Key');
  const input = quickInput(page).widget.locator('input[placeholder="Paste your API key"]:visible');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(key);
  await page.keyboard.press('Enter');
}

/** F1, type the command's title, pick it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const { input } = quickInput(page);
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export function sidebarRows(page: Page) {
  return page.locator('.part.sidebar .monaco-list-row');
}

export function welcomeView(page: Page) {
  return page.locator('.part.sidebar .welcome-view');
}

export function notifications(page: Page) {
  return page.locator('.notifications-toasts .notification-toast');
}

/** The content of the active webview: outer iframe → inner iframe with our HTML. */
export function webview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The newest webview's content (outer iframe → inner iframe with our HTML), among all open webviews. */
export function newestWebview(page: Page): FrameLocator {
  return page.frameLocator(`iframe.webview.ready >> nth=-1`).frameLocator('iframe#active-frame');
}

/** `marker` in the newest webview. */
export function webviewWith(page: Page, marker: string) {
  return newestWebview(page).locator(marker);
}

/** Registers an afterEach that screenshots the workbench when a test failed (test-results/ui-N/FAILED-…). */
export function screenshotFailures(workbench: () => Workbench | undefined): void {
  afterEach(async function () {
    const wb = workbench();
    if (this.currentTest?.state === 'failed' && wb) await screenshot(wb.page, `FAILED-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
}
