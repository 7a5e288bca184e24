/** List envelopes and cursors, as configured: the part of the API whose real shape is not documented. */
import type { FakeConfig } from './types';

export type ListKind = 'webhooks' | 'conversations' | 'applications';

export class BadRequest extends Error {}

/** Page size for this request, or undefined when pagination is off (everything at once). */
export function pageLimit(config: FakeConfig, query: URLSearchParams): number | undefined {
  if (!config.paginate) return undefined;
  const raw = query.get('limit');
  if (raw === null || raw === '') return config.pageSize;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) throw new BadRequest('limit must be an integer from 1 to 1000');
  return Number(raw);
}

/** The cursor's position value, or undefined on the first page. */
export function decodeCursor(kind: ListKind, query: URLSearchParams): string | undefined {
  const token = query.get('cursor') ?? query.get('page_token') ?? query.get('next_page_token');
  if (!token) return undefined;
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!decoded.startsWith(prefix)) throw new BadRequest(`cursor "${token}" is not valid for this list`);
  return decoded.slice(prefix.length);
}

export function encodeCursor(kind: ListKind, position: string): string {
  return Buffer.from(`${kind}:${position}`, 'utf8').toString('base64url');
}

/** The response body of a list in the configured envelope, with the next-page cursor when there is one. */
export function listBody(config: FakeConfig, kind: ListKind, items: unknown[], next?: { cursor: string; path: string; limit: number }): unknown {
  if (config.envelope === 'array') return items;
  const body: Record<string, unknown> = { [config.envelope === 'named' ? kind : 'items']: items };
  if (next) {
    body[config.cursorField] =
      config.cursorField === 'next' ? `${next.path}?${new URLSearchParams({ limit: String(next.limit), cursor: next.cursor }).toString()}` : next.cursor;
  } else if (config.paginate) {
    body[config.cursorField] = null;
  }
  return body;
}
