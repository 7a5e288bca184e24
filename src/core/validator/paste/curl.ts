import * as l10n from '@vscode/l10n';
/** A curl command as browsers' "Copy as cURL" and our own inspector write it: POSIX shell quoting, $'…' included. */
import { shorten } from '../../../shared/text';
import { finishHeaders, headerLine, type HeaderPair, PasteError, type ParsedDelivery } from './common';

const CURL_DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--json']);
const CURL_HEADER = new Set(['-H', '--header']);
const CURL_METHOD = new Set(['-X', '--request']);
const CURL_WITH_VALUE = new Set([
  '-u', '--user', '-o', '--output', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-m', '--max-time',
  '-x', '--proxy', '-w', '--write-out', '--connect-timeout', '--retry', '-T', '--upload-file', '-F', '--form', '--data-urlencode',
]);

export function parseCurl(command: string): ParsedDelivery {
  const words = shellWords(command);
  const headers: HeaderPair[] = [];
  const data: string[] = [];
  const notes: string[] = [];
  let method: string | undefined;
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const [flag, attached] = splitFlag(w);
    const value = (): string => {
      if (attached !== undefined) return attached;
      if (i + 1 >= words.length) throw new PasteError(l10n.t('The curl option {0} has no value.', flag));
      return words[++i];
    };
    if (CURL_HEADER.has(flag)) {
      const h = headerLine(value());
      if (h) headers.push(h);
    } else if (CURL_DATA.has(flag)) {
      const d = value();
      if (d.startsWith('@')) throw new PasteError(l10n.t('The curl command reads its body from a file ({0} {1}): paste the body itself.', flag, shorten(d, 40)));
      data.push(d);
    } else if (CURL_METHOD.has(flag)) {
      method = value().toUpperCase();
    } else if (flag === '--url') {
      url = value();
    } else if (CURL_WITH_VALUE.has(flag)) {
      value();
    } else if (!w.startsWith('-') && url === undefined) {
      url = w;
    }
  }
  if (data.length > 1) notes.push(l10n.t('curl joins its {0} data options with "&"; so does this check.', data.length));
  const body = data.join('&');
  const delivery: ParsedDelivery = { headers, body, source: 'curl', notes, method: method ?? (data.length ? 'POST' : 'GET') };
  if (url !== undefined) delivery.url = url;
  return finishHeaders(delivery, body);
}

function splitFlag(word: string): [flag: string, attached: string | undefined] {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
  }
  if (/^-[A-Za-z]./.test(word)) {
    const flag = word.slice(0, 2);
    if (CURL_HEADER.has(flag) || CURL_DATA.has(flag) || CURL_METHOD.has(flag) || CURL_WITH_VALUE.has(flag)) return [flag, word.slice(2)];
  }
  return [word, undefined];
}

/** POSIX-shell words: '…', "…" (with \\ escapes), $'…' (C escapes), backslash-newline continuations. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  let i = 0;
  const push = (s: string) => (current = (current ?? '') + s);
  while (i < command.length) {
    const c = command[i];
    if (c === '\\' && (command[i + 1] === '\n' || (command[i + 1] === '\r' && command[i + 2] === '\n'))) {
      i += command[i + 1] === '\r' ? 3 : 2;
    } else if (c === '^' && /^\^\r?\n/.test(command.slice(i, i + 3))) {
      i += command[i + 1] === '\r' ? 3 : 2; // Windows cmd continuation
    } else if (/\s/.test(c)) {
      if (current !== undefined) words.push(current);
      current = undefined;
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new PasteError(l10n.t('The curl command has an unterminated single quote.'));
      push(command.slice(i + 1, end));
      i = end + 1;
    } else if (c === '$' && command[i + 1] === "'") {
      const [text, next] = ansiCString(command, i + 2);
      push(text);
      i = next;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < command.length && command[j] !== '"') {
        if (command[j] === '\\' && '"\\$`\n'.includes(command[j + 1] ?? '')) {
          if (command[j + 1] !== '\n') s += command[j + 1];
          j += 2;
        } else {
          s += command[j++];
        }
      }
      if (j >= command.length) throw new PasteError(l10n.t('The curl command has an unterminated double quote.'));
      push(s);
      i = j + 1;
    } else if (c === '\\') {
      push(command[i + 1] ?? '');
      i += 2;
    } else {
      push(c);
      i++;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

function ansiCString(command: string, from: number): [string, number] {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v' };
  let s = '';
  let j = from;
  while (j < command.length && command[j] !== "'") {
    if (command[j] === '\\') {
      const next = command[j + 1] ?? '';
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(command.slice(j + 1, j + 4));
      const uni = /^u([0-9a-fA-F]{1,4})/.exec(command.slice(j + 1, j + 6));
      if (hex) {
        s += String.fromCharCode(parseInt(hex[1], 16));
        j += 1 + hex[0].length;
      } else if (uni) {
        s += String.fromCharCode(parseInt(uni[1], 16));
        j += 1 + uni[0].length;
      } else {
        s += escapes[next] ?? '\\' + next;
        j += 2;
      }
    } else {
      s += command[j++];
    }
  }
  if (j >= command.length) throw new PasteError(l10n.t('The curl command has an unterminated $\'…\' quote.'));
  return [s, j + 1];
}
