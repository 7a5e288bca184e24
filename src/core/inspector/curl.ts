import * as l10n from '@vscode/l10n';
/**
 * "Copy as cURL" for a delivery's request: a POSIX shell command (sh, bash, zsh, dash) that sends the
 * same method, URL, headers and body bytes — optionally with a fresh Nextmv-Signature, so that a replay
 * passes a handler's freshness check. Every argument is single-quoted, the one quoting that has no
 * special characters inside; only NUL cannot be passed that way, so such bodies are piped in by printf.
 */
import type { ConversationRequest } from '../api/types';
import { freshSignature as signAt, timestampUnitOfHeader } from '../validator/resign';
import { SIGNATURE_HEADER, headerValue } from '../../shared/headers';

/** curl computes these from what it actually sends; a stale copy would contradict the body or target. */
const HEADERS_CURL_SETS = new Set(['host', 'content-length', 'transfer-encoding']);

/**
 * Bodies larger than this go through a pipe. Linux refuses a single argument over 128 KiB
 * (MAX_ARG_STRLEN) when starting curl, while printf is a shell builtin and has no such limit.
 */
const LARGEST_BODY_ARGUMENT_BYTES = 64 * 1024;

export interface CurlOptions {
  /** re-sign: replace (or add) Nextmv-Signature with one over the body at `nowMs`; the secret stays local */
  readonly resign?: { readonly secret: string; readonly nowMs: number };
}

export interface CurlCommand {
  /** the text to paste into a shell */
  readonly command: string;
  /** the arguments curl receives (after the shell has removed the quoting) */
  readonly args: readonly string[];
  /** when the body is piped (`--data-binary @-`): the exact text printf writes to curl's stdin */
  readonly stdin?: string;
  /** the new Nextmv-Signature value, when re-signed */
  readonly signature?: string;
  /** what the command cannot reproduce exactly, in words */
  readonly warnings: readonly string[];
}

export function buildCurlCommand(request: ConversationRequest, options: CurlOptions = {}): CurlCommand {
  const warnings: string[] = [];
  const body = request.body ?? '';
  const headers = outgoingHeaders(request.headers ?? {}, warnings);
  let signature: string | undefined;
  if (options.resign) {
    signature = freshSignature(headers, body, options.resign);
    setHeader(headers, SIGNATURE_HEADER, signature);
  }
  if (hasLoneSurrogate(body)) {
    warnings.push(l10n.t('The body contains unpaired UTF-16 surrogates; a shell sends them as U+FFFD, so its bytes differ from the original.'));
  }

  const method = (request.method || 'POST').toUpperCase();
  const url = stripForArgument(request.url ?? '', l10n.t('The URL'), warnings);
  const sendsBody = body !== '' || method !== 'GET';
  const pipeBody = sendsBody && (body.startsWith('@') || body.includes('\0') || body.length * 3 > LARGEST_BODY_ARGUMENT_BYTES);

  const args: string[] = [];
  const defaultMethod = sendsBody ? 'POST' : 'GET';
  if (method !== defaultMethod) args.push('-X', method);
  // curl reads [] and {} in a URL as ranges and sets and would send several requests.
  if (/[[\]{}]/.test(url)) args.push('--globoff');
  if (url.startsWith('-')) args.push('--url');
  args.push(url);
  for (const [name, value] of headers) args.push('-H', value === '' ? `${name};` : `${name}: ${value}`);
  if (sendsBody) args.push('--data-binary', pipeBody ? '@-' : body);

  // One line per header and for the body; method and URL stay on the first line, as people write it.
  const groups: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const takesValue = args[i].startsWith('-') && args[i] !== '--globoff' && i + 1 < args.length;
    groups.push(takesValue ? `${args[i]} ${shellQuote(args[++i])}` : shellQuote(args[i]));
  }
  const firstHeaderOrBody = groups.findIndex((g) => g.startsWith('-H ') || g.startsWith('--data-binary '));
  const split = firstHeaderOrBody < 0 ? groups.length : firstHeaderOrBody;
  const lines = [['curl', ...groups.slice(0, split)].join(' '), ...groups.slice(split)];
  let command = joinContinued(lines);
  if (pipeBody) command = `${printfCommand(body)} | ${command}`;
  return { command, args, ...(pipeBody ? { stdin: body } : {}), ...(signature ? { signature } : {}), warnings };
}

/**
 * `text` as one POSIX shell word. Inside single quotes every character is literal (`$`, backticks, `\`,
 * `!`, newlines, any Unicode); a `'` itself ends the quote, is written as `\'`, and the quote reopens.
 * Plain words are left bare for readability. NUL cannot be part of any argument: callers remove it.
 */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./@-][A-Za-z0-9_./:@%+,=-]*$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A printf that writes `text` exactly. `%s` with a quoted argument, unless the text holds NUL: then
 * `%b`, with every backslash doubled and each NUL written as the octal escape `\0000` (always four
 * digits, so a digit that follows is never read as part of it).
 */
export function printfCommand(text: string): string {
  if (!text.includes('\0')) return `printf '%s' ${shellQuote(text)}`;
  const escaped = text.replace(/\\/g, '\\\\').replace(/\0/g, '\\0000');
  return `printf '%b' ${shellQuote(escaped)}`;
}

function joinContinued(parts: string[]): string {
  return parts.join(' \\\n  ');
}

type HeaderList = [name: string, value: string][];

function outgoingHeaders(source: Readonly<Record<string, string>>, warnings: string[]): HeaderList {
  const out: HeaderList = [];
  for (const [rawName, rawValue] of Object.entries(source)) {
    if (HEADERS_CURL_SETS.has(rawName.trim().toLowerCase())) continue;
    const name = stripForArgument(rawName, l10n.t('Header name "{0}"', rawName), warnings, true);
    const value = stripForArgument(String(rawValue), l10n.t('The value of {0}', name), warnings, true);
    if (name === '') continue;
    out.push([name, value]);
  }
  return out;
}

/** NUL cannot be in an argument, and a header cannot hold a line break: both are removed, with a warning. */
function stripForArgument(text: string, what: string, warnings: string[], noLineBreaks = false): string {
  let result = text;
  if (result.includes('\0')) {
    result = result.replace(/\0/g, '');
    warnings.push(l10n.t('{0} contains NUL characters, which no shell argument can hold; they were removed.', what));
  }
  if (noLineBreaks && /[\r\n]/.test(result)) {
    result = result.replace(/[\r\n]+/g, ' ');
    warnings.push(l10n.t('{0} contains line breaks, which HTTP headers cannot carry; they were replaced by spaces.', what));
  }
  return result;
}

/** A signature over the body at the given time, in the unit (seconds or ms) of the header it replaces. */
function freshSignature(headers: HeaderList, body: string, resign: { secret: string; nowMs: number }): string {
  const unit = timestampUnitOfHeader(headerValue(headers, SIGNATURE_HEADER)) ?? 'seconds';
  return signAt({ body, secret: resign.secret, nowMs: resign.nowMs, unit });
}

/** Replaces the value of `name` (any case) in place, keeping its position; appends it when absent. */
function setHeader(headers: HeaderList, name: string, value: string): void {
  const index = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
  if (index >= 0) headers[index] = [headers[index][0], value];
  else headers.push([name, value]);
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
