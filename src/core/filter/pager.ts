/**
 * One webhook's deliveries as pages that replace each other: everything fetched so far (newest first), the
 * filter, and which page of the deliveries it lets through is on screen. VS Code keeps a little memory for
 * every tree row it ever draws, so the tree shows one page at a time with "Newer"/"Older" rows instead of a
 * list that grows (and is redrawn whole) with each page: rows drawn grow with the pages looked at.
 * Pure: fetching is passed in (fillPage), time is in the compiled filter.
 */
import type { Conversation, Page } from '../api/types';
import { deliveryTime, type CompiledFilter } from './filter';

export interface PageView {
  /** the deliveries on the page on screen */
  readonly rows: readonly Conversation[];
  /** position of the page's first row among the deliveries the filter lets through (all, without one) */
  readonly start: number;
  readonly hasNewer: boolean;
  /** older deliveries are fetched already, or may be */
  readonly hasOlder: boolean;
  /** how many fetched deliveries the filter lets through, and whether that is all there are */
  readonly total: { readonly count: number; readonly exact: boolean };
  /** the user stopped the search for more before the page was full */
  readonly stopped: boolean;
  /** fetching the next page failed (the rows fetched before stay) */
  readonly error?: unknown;
}

export class DeliveryPager {
  /** everything fetched so far, newest first, each delivery once */
  readonly items: Conversation[] = [];
  nextCursor: string | undefined;
  /** position of the first row on screen, a multiple of pageSize */
  start = 0;
  stopped = false;
  error: unknown = undefined;
  private readonly ids = new Set<string>();
  private compiled: CompiledFilter | undefined;
  /** with a filter: indexes (into items) of the deliveries it lets through, in order */
  private matched: number[] = [];
  private checked = 0;
  /** the fetched deliveries were newest first so far: then a time window can stop the search early */
  private ordered = true;
  private lastTime = Infinity;
  private pastWindow = false;
  /** a delivery shown on purpose (revealed) even when the filter would hide it */
  private pinned: string | undefined;
  /** bumped by setFilter: a walk started under another filter stops after the request it is waiting for */
  epoch = 0;

  constructor(
    readonly pageSize: number,
    filter?: CompiledFilter,
  ) {
    this.compiled = filter;
  }

  get filter(): CompiledFilter | undefined {
    return this.compiled;
  }

  /** A new filter starts again at the newest page (matching what is fetched takes one pass). */
  setFilter(filter: CompiledFilter | undefined): void {
    this.epoch++;
    this.compiled = filter;
    this.matched = [];
    this.checked = 0;
    this.pastWindow = false;
    this.pinned = undefined;
    this.start = 0;
    this.stopped = false;
    this.error = undefined;
    this.ordered = true;
    this.lastTime = Infinity;
    this.scan();
  }

  /** Adds a fetched page: deliveries already known are skipped (a page shifts when new ones arrive). */
  append(page: Page<Conversation>): void {
    for (const c of page.items) {
      if (this.ids.has(c.id)) continue;
      this.ids.add(c.id);
      this.items.push(c);
    }
    // a cursor that does not move would be asked for forever
    this.nextCursor = page.nextCursor !== undefined && page.nextCursor !== this.nextCursor ? page.nextCursor : undefined;
    this.error = undefined;
    this.scan();
  }

  private scan(): void {
    const f = this.compiled;
    // times are read only for a time window (reading 10,000 of them costs more than the rest of a filter)
    const timed = f?.since !== undefined;
    for (; this.checked < this.items.length; this.checked++) {
      const c = this.items[this.checked];
      const at = timed ? deliveryTime(c) : undefined;
      if (at !== undefined) {
        if (at > this.lastTime) this.ordered = false;
        this.lastTime = at;
      }
      if (f && (f.matches(c, at) || c.id === this.pinned)) this.matched.push(this.checked);
    }
    if (f?.since !== undefined && this.ordered && this.lastTime < f.since) this.pastWindow = true;
  }

  /** How many fetched deliveries the filter lets through (all fetched ones without a filter). */
  get visibleCount(): number {
    return this.compiled ? this.matched.length : this.items.length;
  }

  /** Nothing more to fetch: the server has no more, or (newest first) the rest is older than the time window. */
  get complete(): boolean {
    return this.nextCursor === undefined || this.pastWindow;
  }

  /** The page on screen is short of rows and more may be fetched (and the user has not stopped the search). */
  needsFetch(): boolean {
    return !this.complete && !this.stopped && this.error === undefined && this.visibleCount < this.start + this.pageSize;
  }

  /** Rows from the start of the list to the end of the page on screen. */
  get shown(): number {
    return Math.min(this.visibleCount, this.start + this.pageSize);
  }

  view(): PageView {
    const end = this.shown;
    const rows: Conversation[] = [];
    for (let i = this.start; i < end; i++) rows.push(this.items[this.compiled ? this.matched[i] : i]);
    return {
      rows,
      start: this.start,
      hasNewer: this.start > 0,
      hasOlder: this.visibleCount > end || !this.complete,
      total: { count: this.visibleCount, exact: this.complete },
      stopped: this.stopped,
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }

  /**
   * The next page of older deliveries; or, when the page on screen is still short (the search was stopped
   * or failed), go on searching for it. False when there is nothing older.
   */
  older(): boolean {
    const end = this.start + this.pageSize;
    if (this.visibleCount >= end) {
      // a full page: move on, when anything comes after it
      if (this.visibleCount === end && this.complete) return false;
      this.start = end;
    } else if (this.complete) {
      return false; // the last page, short
    }
    this.stopped = false;
    this.error = undefined;
    return true;
  }

  newer(): boolean {
    if (this.start === 0) return false;
    this.start = Math.max(0, this.start - this.pageSize);
    this.stopped = false;
    return true;
  }

  /**
   * Moves to the page that holds this delivery; one the filter hides is shown anyway (it was asked for by
   * name: just triggered, or named by an alert). False when it has not been fetched.
   */
  showDelivery(id: string): boolean {
    if (!this.ids.has(id)) return false;
    const index = this.items.findIndex((c) => c.id === id);
    let position = index;
    if (this.compiled) {
      position = lowerBound(this.matched, index);
      if (this.matched[position] !== index) {
        this.pinned = id;
        this.matched.splice(position, 0, index);
      }
    }
    this.start = Math.floor(position / this.pageSize) * this.pageSize;
    return true;
  }
}

/** The first position in a sorted array whose value is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface FillOptions {
  readonly signal?: AbortSignal;
  /** after each page: deliveries fetched, and how many the filter lets through */
  readonly onProgress?: (fetched: number, matching: number) => void;
}

/**
 * Fetches further pages only while the page on screen is short (a filter that lets few deliveries through
 * walks on; no filter takes at most one request). `fetchPage` answers undefined when the answer is no longer
 * wanted (the list was reloaded meanwhile). An abort stops the search (the rows found stay) and a failure
 * is kept on the pager for the tree to show; a new filter ends the walk (its own walk takes over). Resolves
 * with the number of requests made.
 */
export async function fillPage(pager: DeliveryPager, fetchPage: (cursor: string) => Promise<Page<Conversation> | undefined>, o: FillOptions = {}): Promise<number> {
  let requests = 0;
  const epoch = pager.epoch;
  while (pager.needsFetch() && pager.epoch === epoch) {
    if (o.signal?.aborted) {
      pager.stopped = true;
      break;
    }
    let page: Page<Conversation> | undefined;
    try {
      requests++;
      page = await fetchPage(pager.nextCursor!);
    } catch (err) {
      if (pager.epoch !== epoch) break;
      if (o.signal?.aborted) pager.stopped = true;
      else pager.error = err;
      break;
    }
    if (!page) break;
    pager.append(page); // fetched under another filter, the deliveries are still the webhook's

    o.onProgress?.(pager.items.length, pager.visibleCount);
  }
  return requests;
}
