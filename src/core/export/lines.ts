/**
 * The export's format, JSON Lines: one conversation per line, the object exactly as the API sent it (every
 * field, unknown ones too; bodies and headers as the exact strings), so `JSON.parse` of a line gives back what
 * the API answered. Secrets never appear: a line that holds the API key or a webhook's signing secret is
 * written masked by the one masker (redact.ts, "[secret]") and counted; every other line is left untouched.
 */
import type { Conversation, JsonObject } from '../api/types';
import { maskSecrets } from '../redact';

/** What an export wrote: lines, and how many of them had a secret masked. */
export interface ExportTally {
  written: number;
  masked: number;
}

/** The line of one conversation (without its newline), and whether a secret in it was masked. */
export type LineOf = (raw: JsonObject) => { readonly text: string; readonly masked: boolean };

export function lineMasker(secrets: Iterable<string>): LineOf {
  const known = [...new Set([...secrets].map((s) => s.trim()).filter(Boolean))];
  // JSON escapes a string character by character: a string holding a secret serialises to text holding the
  // secret's escaped form. Only then is the object walked and masked (most lines never are).
  const escaped = known.map((s) => JSON.stringify(s).slice(1, -1));
  return (raw) => {
    const text = JSON.stringify(raw);
    if (!escaped.some((e) => text.includes(e))) return { text, masked: false };
    const masked = JSON.stringify(maskSecrets(raw, known));
    // the escaped form can also turn up where maskSecrets does not look (too short a secret, across fields)
    return masked === text ? { text, masked: false } : { text: masked, masked: true };
  };
}

/** The lines of the conversations, newline-terminated, pulled one at a time; counts what was written. */
export async function* jsonLines(conversations: AsyncIterable<Conversation> | Iterable<Conversation>, lineOf: LineOf, tally: ExportTally): AsyncGenerator<string, void, undefined> {
  for await (const c of conversations) {
    const line = lineOf(c.raw);
    if (line.masked) tally.masked++;
    tally.written++;
    yield `${line.text}\n`;
  }
}
