/**
 * The page's language, set up before anything renders: each page script imports this module first, so
 * text made at load (the form's labels, shared vocabularies) is already translated. src/panels/html.ts
 * puts VS Code's display language in `<html lang>` and, for a language other than English, its
 * translations in `<html data-l10n>` (no fetch: the CSP stays `default-src 'none'`).
 */
import * as l10n from '@vscode/l10n';

const root = document.documentElement;
if (root.dataset.l10n) {
  try {
    l10n.config({ contents: root.dataset.l10n });
  } catch {
    // unreadable translations: the page stays in English rather than not starting
  }
}

/** VS Code's display language, for Intl (numbers, plurals, dates); undefined: the browser's own. */
export const locale: string | undefined = root.lang || undefined;
