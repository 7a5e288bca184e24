/**
 * Where a body lives as a read-only editor document, and what that document holds. The URI names the
 * conversation rather than carrying the body, so VS Code can restore an open body after a reload by
 * fetching the conversation again: `nextmv-webhooks:/<webhookId>/<conversationId>/request.json`.
 */
import { isJson, prettyPrintJson } from './prettyJson';
import { PRETTY_PRINT_LIMIT_BYTES, utf8ByteLength } from './truncate';

export const BODY_SCHEME = 'nextmv-webhooks';

/** Stands in for the webhook id of a conversation that does not say which webhook it belongs to. */
export const UNKNOWN_WEBHOOK = '_';

export type BodyPartName = 'request' | 'response';

export interface BodyDocumentRef {
  readonly webhookId: string;
  readonly conversationId: string;
  readonly part: BodyPartName;
}

/** The URI path: `.json` when the body is JSON, so the editor picks JSON highlighting and folding by itself. */
export function bodyDocumentPath(ref: BodyDocumentRef, json: boolean): string {
  return `/${encodeURIComponent(ref.webhookId || UNKNOWN_WEBHOOK)}/${encodeURIComponent(ref.conversationId)}/${ref.part}.${json ? 'json' : 'txt'}`;
}

export function parseBodyDocumentPath(path: string): BodyDocumentRef | undefined {
  const match = /^\/([^/]+)\/([^/]+)\/(request|response)\.(json|txt)$/.exec(path);
  if (!match) return undefined;
  try {
    return { webhookId: decodeURIComponent(match[1]), conversationId: decodeURIComponent(match[2]), part: match[3] as BodyPartName };
  } catch {
    return undefined; // a malformed %-escape
  }
}

export interface BodyDocumentContent {
  readonly text: string;
  readonly json: boolean;
}

/**
 * The document text: JSON re-indented (values exactly as sent) when it is small enough to do quickly,
 * else the exact text. Line-based diffs of two bodies only make sense between indented texts.
 */
export function bodyDocumentContent(body: string): BodyDocumentContent {
  if (utf8ByteLength(body) <= PRETTY_PRINT_LIMIT_BYTES) {
    const pretty = prettyPrintJson(body);
    if (pretty !== undefined) return { text: pretty, json: true };
  }
  return { text: body, json: isJson(body) };
}
