import * as l10n from '@vscode/l10n';
/** A conversation as the API returns it (or a list of them, or just its request), read as JSON. */
import { finishHeaders, type HeaderPair, isRecord, PasteError, type ParsedDelivery } from './common';

export function parseConversationJson(text: string): ParsedDelivery | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (/"request"\s*:/.test(text)) {
      throw new PasteError(l10n.t('This looks like a conversation JSON but is not valid JSON: {0}.', err instanceof Error ? err.message : String(err)));
    }
    return undefined; // a body that is not valid JSON is still a body
  }
  const conversations = listOfConversations(value);
  if (conversations) {
    if (conversations.length !== 1) {
      throw new PasteError(l10n.t('This is a list of {0} conversations: paste a single conversation.', conversations.length));
    }
    value = conversations[0];
  }
  if (!isRecord(value)) return undefined;
  if (isRecord(value.request)) return fromRequestObject(value.request, 'request');
  if ('headers' in value && 'body' in value && (isRecord(value.headers) || Array.isArray(value.headers))) return fromRequestObject(value, 'top');
  return undefined; // ordinary JSON: the body itself
}

function listOfConversations(value: unknown): unknown[] | undefined {
  const list = Array.isArray(value) ? value : isRecord(value) ? (value.items ?? value.conversations) : undefined;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.every((c) => isRecord(c) && isRecord(c.request)) ? list : undefined;
}

function fromRequestObject(request: Record<string, unknown>, where: 'request' | 'top'): ParsedDelivery {
  const notes: string[] = [];
  if (where === 'top') notes.push(l10n.t('Read as the request part of a conversation (headers and body).'));
  const headers = readJsonHeaders(request.headers, notes);
  let body: string;
  if (typeof request.body === 'string') {
    body = request.body;
  } else if (request.body === undefined || request.body === null) {
    body = '';
    notes.push(l10n.t('The conversation has no request body; an empty body is checked.'));
  } else {
    body = JSON.stringify(request.body);
    notes.push(l10n.t('request.body is JSON, not a string: it was printed again here, so its bytes may differ from what was signed.'));
  }
  const delivery: ParsedDelivery = { headers, body, source: 'conversation-json', notes };
  if (typeof request.method === 'string') delivery.method = request.method;
  if (typeof request.url === 'string') delivery.url = request.url;
  return finishHeaders(delivery, body);
}

/** Headers as an object ({name: value | [values]}), or a list of [name, value] or {name, value}. */
function readJsonHeaders(value: unknown, notes: string[]): HeaderPair[] {
  const out: HeaderPair[] = [];
  const add = (name: unknown, v: unknown) => {
    if (typeof name !== 'string') return;
    if (typeof v === 'string' || typeof v === 'number') out.push([name, String(v)]);
    else if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') out.push([name, item]);
  };
  if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) add(name, v);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item)) add(item[0], item[1]);
      else if (isRecord(item)) add(item.name ?? item.key, item.value);
    }
  } else if (value !== undefined && value !== null) {
    notes.push(l10n.t('request.headers is neither an object nor a list; it was ignored.'));
  }
  return out;
}
