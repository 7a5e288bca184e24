import * as l10n from '@vscode/l10n';
/** A raw HTTP request as pasted: request line (or none), header lines (folded ones unfolded), blank line, body. */
import { shorten } from '../../../shared/text';
import { finishHeaders, headerLine, type HeaderPair, PasteError, type ParsedDelivery } from './common';

export const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/i;
const KNOWN_HEADERS = /^(nextmv-signature|content-type|content-length|host|user-agent)$/i;

/** Headers without a request line, e.g. copied from a log: only when a header we know is among them. */
export function looksLikeHeaderBlock(text: string): boolean {
  const head = text.split(/\r?\n\r?\n/, 1)[0].split(/\r?\n/);
  return head.every((l) => headerLine(l) !== undefined || /^[ \t]/.test(l)) && head.some((l) => KNOWN_HEADERS.test(headerLine(l)?.[0] ?? ''));
}

interface Line {
  readonly text: string;
  readonly start: number;
  /** index just after the line ending (or text.length) */
  readonly next: number;
  readonly eol: '' | '\n' | '\r\n';
}

function lineAt(text: string, start: number): Line {
  const nl = text.indexOf('\n', start);
  if (nl < 0) return { text: text.slice(start), start, next: text.length, eol: '' };
  const crlf = nl > start && text[nl - 1] === '\r';
  return { text: text.slice(start, crlf ? nl - 1 : nl), start, next: nl + 1, eol: crlf ? '\r\n' : '\n' };
}

export function parseRawHttp(text: string, start: number, requestLine: { method: string; url: string } | undefined): ParsedDelivery {
  const notes: string[] = [];
  const headers: HeaderPair[] = [];
  const eols = new Set<string>();
  let pos = start;
  if (requestLine) {
    const first = lineAt(text, pos);
    eols.add(first.eol);
    pos = first.next;
  } else {
    notes.push(l10n.t('There is no request line (POST /path HTTP/1.1); the headers and body were read without it.'));
  }
  let bodyStart = text.length;
  let lineNumber = requestLine ? 1 : 0;
  let sawBlankLine = false;
  while (pos < text.length) {
    const line = lineAt(text, pos);
    lineNumber++;
    if (line.text === '') {
      bodyStart = line.next;
      sawBlankLine = true;
      eols.add(line.eol);
      break;
    }
    eols.add(line.eol);
    if (/^[ \t]/.test(line.text) && headers.length) {
      // obsolete line folding: a continuation of the previous header's value
      const last = headers[headers.length - 1];
      last[1] = `${last[1]} ${line.text.trim()}`;
    } else if (/^[[{]/.test(line.text) && (headers.length || requestLine)) {
      bodyStart = line.start;
      notes.push(l10n.t('There is no blank line between the headers and the body; the body was taken from the first line starting with "{" or "[".'));
      break;
    } else {
      const header = headerLine(line.text);
      if (!header) {
        throw new PasteError(
          l10n.t('Line {0} is not a header ("Name: value"): "{1}". Separate the headers from the body with a blank line.', lineNumber, shorten(line.text, 60)),
        );
      }
      headers.push(header);
    }
    pos = line.next;
  }
  const body = text.slice(bodyStart);
  if (!sawBlankLine && bodyStart === text.length) notes.push(l10n.t('No blank line follows the headers, so the body is empty.'));
  if (!eols.has('\r\n') && eols.has('\n') && body.includes('\n')) {
    notes.push(
      l10n.t('The request has LF line endings, not CRLF: a text area or the clipboard may have converted them. If the body had CRLF line endings, its bytes changed and the signature will not match.'),
    );
  }
  const delivery: ParsedDelivery = { headers, body, source: 'raw-http', notes, ...(requestLine ?? {}) };
  return finishHeaders(delivery, body);
}
