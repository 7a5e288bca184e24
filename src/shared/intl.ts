/**
 * Numbers, plurals and times in the user's language through the runtime's Intl (Node 20 and Chromium ship
 * full ICU), for the extension host and the webviews alike. `locale` is VS Code's display language
 * (`vscode.env.language` in the host, sent to each webview in its init message); undefined falls back to
 * the runtime's default. Formatters are cached per locale: building one costs ~0.1 ms, a tree draws
 * thousands of rows.
 */

const numberFormats = new Map<string, Intl.NumberFormat>();
const decimalFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** One formatter per locale, made on first use. */
export function cached<T>(cache: Map<string, T>, locale: string | undefined, make: () => T): T {
  const key = locale ?? '';
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}

/** 1234567 → "1,234,567" in English, "1.234.567" in German; `fractionDigits`: exactly that many decimals ("1,25"). */
export function formatNumber(n: number, locale?: string, fractionDigits?: number): string {
  if (fractionDigits === undefined) return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
  const options = { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return cached(decimalFormats, `${locale ?? ''}/${fractionDigits}`, () => new Intl.NumberFormat(locale, options)).format(n);
}

/**
 * The form of a message for a count, chosen by `Intl.PluralRules(locale)`. `forms` is ONE localisable
 * message listing a form per plural category, `one={0} webhook|other={0} webhooks`, so a translation adds
 * the categories its language has (Polish: `one=…|few=…|many=…|other=…`) without new keys. `other` is
 * the fallback; `=N` picks an exact count before the category (`=0=no webhooks`).
 */
export function plural(n: number, forms: string, locale?: string): string {
  const byKey = new Map<string, string>();
  for (const form of forms.split('|')) {
    const eq = form.startsWith('=') ? form.indexOf('=', 1) : form.indexOf('=');
    if (eq > 0) byKey.set(form.slice(0, eq), form.slice(eq + 1));
  }
  const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(n);
  return byKey.get(`=${n}`) ?? byKey.get(category) ?? byKey.get('other') ?? forms;
}
