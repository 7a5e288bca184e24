/**
 * Measures, inside the page, the time from a click (its pointerdown) to the first animation frame in which
 * a sidebar tree row with the expected text is in the DOM — what a person sees as "the rows appeared".
 * Timing in the page avoids Playwright's round trips; both ends use the page's performance.now().
 */
import type { Page } from 'playwright-core';

/** Runs in the page. Plain JavaScript: the project's tsconfig has no DOM library. */
const ARM = `(({ key, pattern }) => {
  const re = new RegExp(pattern);
  window[key] = new Promise((resolve) => {
    let clickedAt;
    const onDown = () => { clickedAt = performance.now(); document.removeEventListener('pointerdown', onDown, true); };
    document.addEventListener('pointerdown', onDown, true);
    const seen = () => Array.from(document.querySelectorAll('.part.sidebar .monaco-list-row')).some((r) => re.test(r.textContent || ''));
    const observer = new MutationObserver(() => {
      if (clickedAt === undefined || !seen()) return;
      observer.disconnect();
      const inDom = performance.now();
      requestAnimationFrame(() => resolve({ domMs: inDom - clickedAt, frameMs: performance.now() - clickedAt, clickedAtEpochMs: performance.timeOrigin + clickedAt }));
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})`;

let counter = 0;

export interface ClickToRow {
  /** pointerdown → the row is in the DOM */
  readonly domMs: number;
  /** pointerdown → the next animation frame (the one that paints it) */
  readonly frameMs: number;
  /** when the pointerdown happened, in ms since the epoch (to line it up with server-side timestamps) */
  readonly clickedAtEpochMs: number;
}

/**
 * Arms the timer, runs `click` (which must click something in the page), and resolves with the time until a
 * sidebar row whose text matches `rowPattern` shows. Rejects after `timeoutMs`.
 */
export async function timeClickToRow(page: Page, rowPattern: RegExp, click: () => Promise<void>, timeoutMs = 60_000): Promise<ClickToRow> {
  const key = `__benchClickToRow${++counter}`;
  await page.evaluate(`${ARM}(${JSON.stringify({ key, pattern: rowPattern.source })})`);
  await click();
  const result = page.evaluate(`window[${JSON.stringify(key)}]`) as Promise<ClickToRow>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no sidebar row matching ${rowPattern} within ${timeoutMs} ms of the click`)), timeoutMs);
  });
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
