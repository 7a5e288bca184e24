/**
 * Which deliveries a webhook's export holds: every delivery its filter lets through (all of them without
 * one), walked page by page only as fast as the file is written — never all in memory at once.
 */
import type { Conversation, Page } from '../api/types';
import { deliveryTime, type CompiledFilter } from '../filter/filter';

/**
 * The deliveries of `pages` (newest first) that `filter` lets through, each once (a page shifts when new
 * deliveries arrive during the walk; only ids are remembered). The next page is asked for only when the
 * caller wants the next delivery, and none after the first page wholly older than a time window (when the
 * pages came newest first). `onPage`: how many deliveries were checked so far.
 */
export async function* matchingDeliveries(pages: AsyncIterable<Page<Conversation>>, filter: CompiledFilter | undefined, onPage?: (checked: number) => void): AsyncGenerator<Conversation, void, undefined> {
  const seen = new Set<string>();
  const since = filter?.since;
  let newestFirst = true;
  let oldest = Infinity;
  for await (const page of pages) {
    for (const c of page.items) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const at = since !== undefined ? deliveryTime(c) : undefined;
      if (at !== undefined) {
        newestFirst &&= at <= oldest;
        oldest = at;
      }
      if (!filter || filter.matches(c, at)) yield c;
    }
    onPage?.(seen.size);
    if (since !== undefined && newestFirst && oldest < since) return;
  }
}
