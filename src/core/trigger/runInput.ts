import * as l10n from '@vscode/l10n';
/** The input of a run that Trigger Webhook starts: JSON text read, or one clear message saying where it is wrong. */

export type RunInputResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** `source` names the text in the message, e.g. the file name. A byte-order mark is ignored, as editors do. */
export function parseRunInput(text: string, source: string): RunInputResult {
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '') return { ok: false, message: l10n.t('{0} is empty: a run needs a JSON input. Nothing was sent.', source) };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (err) {
    return { ok: false, message: l10n.t('{0} is not valid JSON ({1}). Nothing was sent: fix it, or choose another input.', source, describeParseError(err, json)) };
  }
}

/** "line 2, column 19: Unexpected token ']'" — JSON.parse's words without its echo of the text, where it went wrong. */
function describeParseError(err: unknown, text: string): string {
  const words = (err instanceof Error ? err.message : String(err))
    .replace(/,\s*(\.\.\.)?"[\s\S]*" is not valid JSON$/, '')
    .replace(/\s+(in JSON\s+)?at position \d+[\s\S]*$/, '')
    .replace(/\.$/, '');
  const at = firstErrorOffset(text);
  if (at < 0) return words;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return l10n.t('line {0}, column {1}: {2}', line, column, words);
}

/**
 * Where strict JSON first goes wrong, or -1 (Node's JSON.parse does not always say: "Unexpected token" comes
 * with a quote of the text but no position). A small recursive scan, run only after JSON.parse has failed.
 */
function firstErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonOffset(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c === '\\') {
        const escape = /^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(text.slice(i + 1, i + 6));
        if (!escape) fail();
        i += 1 + escape![0].length;
      } else i++;
    }
    fail();
  };
  const list = (close: string, item: () => void) => {
    i++; // the opening bracket
    space();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      return list('}', () => {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    }
    if (c === '[') return list(']', value);
    if (c === '"') return string();
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 512));
    if (!literal) fail();
    i += literal![0].length;
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (err) {
    return err instanceof JsonOffset ? err.offset : -1; // e.g. nesting too deep for the stack: no position
  }
}

class JsonOffset {
  constructor(readonly offset: number) {}
}
