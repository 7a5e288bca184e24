/**
 * Activation times as VS Code itself reports them: "Developer: Show Running Extensions"
 * (workbench.action.showRuntimeExtensions, available in the web workbench of code-server 4.100 and 4.139).
 * Each row of that editor shows "Activation: N ms" (or "Startup Activation: N ms"), where N is the extension
 * host's codeLoadingTime + activateCallTime for that extension (whole milliseconds: that is VS Code's own
 * resolution). The list is virtualised and sorted slowest first, so it is scrolled until every wanted row
 * has been read.
 */
import type { Page } from 'playwright-core';
import { runCommand } from '../../ui/helpers';

export interface ActivationTime {
  readonly ms: number;
  readonly startup: boolean;
}

/** Runs in the page: the rendered rows as [name, activation text]. */
const READ_ROWS = `Array.from(document.querySelectorAll('.runtime-extensions-editor .monaco-list-row')).map((row) => [
  (row.querySelector('.name') || {}).textContent || '',
  (row.querySelector('.activation-time') || {}).textContent || '',
])`;

/** The row shows the displayName of an installed extension, or its id when it has none. */
export interface Named {
  readonly id: string;
  readonly displayName: string;
}

/** Opens the editor and reads the activation time of each extension; the map is keyed by id. */
export async function readActivationTimes(page: Page, extensions: readonly Named[], timeoutMs = 30_000): Promise<Map<string, ActivationTime>> {
  const idOf = (name: string) => extensions.find((e) => e.displayName === name || e.id.toLowerCase() === name.toLowerCase())?.id;
  await runCommand(page, 'Developer: Show Running Extensions');
  const editor = page.locator('.runtime-extensions-editor');
  await editor.locator('.monaco-list-row').first().waitFor({ timeout: timeoutMs });
  const found = new Map<string, ActivationTime>();
  const deadline = Date.now() + timeoutMs;
  const box = await editor.boundingBox();
  const scroll = async (dy: number) => {
    if (!box) return;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, dy);
  };
  while (found.size < extensions.length && Date.now() < deadline) {
    await scroll(-100_000);
    for (let pass = 0; pass < 40 && found.size < extensions.length; pass++) {
      const rows = (await page.evaluate(READ_ROWS)) as [string, string][];
      for (const [name, text] of rows) {
        const m = /^(Startup )?Activation: (\d+(?:\.\d+)?)\s*ms/.exec(text.trim());
        const id = idOf(name.trim());
        if (m && id) found.set(id, { ms: Number(m[2]), startup: !!m[1] });
      }
      await scroll(300);
      await page.waitForTimeout(50);
    }
    if (found.size < extensions.length) {
      // rows still "Activating…", or not yet listed: show the editor again from the top
      await page.keyboard.press('Escape');
      await runCommand(page, 'Developer: Show Running Extensions');
      await page.waitForTimeout(500);
    }
  }
  const missing = extensions.filter((e) => !found.has(e.id)).map((e) => e.id);
  if (missing.length) throw new Error(`Show Running Extensions has no activation time for ${missing.join(', ')}`);
  return found;
}
