import * as l10n from '@vscode/l10n';
/**
 * Reads a response body into a string while counting bytes, and gives up as soon as it passes the limit,
 * so a runaway response never sits whole in memory.
 */
import { InvalidResponseError } from './errors';
import type { TransportErrorContext } from './transportErrors';

export interface CollectOptions {
  readonly maxBytes: number;
  /** the Content-Length header, when there was one: an honest oversize body is refused before reading */
  readonly declaredLength?: string;
  /** stops the body stream (and frees the connection) when the limit is hit */
  readonly onAbandon: () => void;
  /** called for every chunk (restarts the body timeout) */
  readonly onChunk?: () => void;
  readonly context: TransportErrorContext;
}

export async function collectLimited(chunks: AsyncIterable<Uint8Array>, opts: CollectOptions): Promise<string> {
  const declared = opts.declaredLength !== undefined ? Number(opts.declaredLength) : NaN;
  if (declared > opts.maxBytes) {
    opts.onAbandon();
    throw tooLarge(opts);
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    opts.onChunk?.();
    total += chunk.byteLength;
    if (total > opts.maxBytes) {
      opts.onAbandon();
      throw tooLarge(opts);
    }
    parts.push(chunk);
  }
  if (parts.length === 1) return Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].byteLength).toString('utf8');
  return Buffer.concat(parts, total).toString('utf8');
}

function tooLarge(opts: CollectOptions): InvalidResponseError {
  const mb = opts.maxBytes / (1024 * 1024);
  const limit = mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : l10n.t('{0} bytes', opts.maxBytes);
  return new InvalidResponseError(l10n.t('the response is too large (larger than {0}), so it was not read', limit), { request: opts.context.request });
}
