import { strict as assert } from 'assert';
import type { Connection } from '../../src/connection/connection';
import type { Conversation, Page } from '../../src/core/api';
import { WebhooksModel } from '../../src/tree/model';

/** One conversation-page request the test answers when it chooses. */
interface PendingPage {
  readonly webhookId: string;
  readonly cursor: string | undefined;
  resolve(page: Page<Conversation>): void;
}

const conversation = (id: string): Conversation => ({ id, raw: { id } });
/** conversations `from` … `to` − 1, named c<from>… */
const range = (from: number, to: number): Conversation[] => Array.from({ length: to - from }, (_, i) => conversation(`c${from + i}`));
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('Webhooks model: pages that race', () => {
  let pending: PendingPage[];
  let model: WebhooksModel;

  beforeEach(() => {
    pending = [];
    const client = {
      listConversationsPage: (webhookId: string, cursor: string | undefined) =>
        new Promise<Page<Conversation>>((resolve) => pending.push({ webhookId, cursor, resolve })),
    };
    model = new WebhooksModel({ client: () => client } as unknown as Connection);
  });
  afterEach(() => model.dispose());

  async function firstPage(items: Conversation[], nextCursor?: string): Promise<void> {
    const loading = model.loadConversations('hook');
    pending.shift()!.resolve({ items, nextCursor });
    await loading;
  }

  const ids = () => {
    const state = model.conversationsState('hook');
    assert.equal(state?.state, 'loaded');
    return state?.state === 'loaded' ? state.value.items.map((c) => c.id) : [];
  };

  it('two quick clicks on Older make one request and show the next page once', async () => {
    await firstPage(range(0, 100), 'page-2');
    const clicks = [model.loadMore('hook'), model.loadMore('hook')];
    await settle();
    const requests = pending.length;
    for (const p of pending.splice(0)) p.resolve({ items: range(100, 200), nextCursor: 'page-3' }); // each request gets page 2
    await Promise.all(clicks);
    assert.equal(requests, 1, 'the second click joined the first');
    assert.deepEqual(ids(), range(0, 200).map((c) => c.id), 'every delivery once, in order');
    assert.deepEqual(model.pageView('hook')?.rows.map((c) => c.id), range(100, 200).map((c) => c.id), 'the second page replaced the first');
  });

  it('a click on an Older row drawn for a page already replaced does nothing (the row kept its place)', async () => {
    await firstPage(range(0, 100), 'page-2');
    assert.equal(model.older('hook', 0), true);
    assert.equal(model.older('hook', 0), false, 'drawn when page 1 was on screen');
    const filling = model.fillPage('hook');
    pending.shift()!.resolve({ items: range(100, 200), nextCursor: 'page-3' });
    await filling;
    assert.equal(model.pageView('hook')?.start, 100);
    assert.equal(pending.length, 0);
    assert.equal(model.newer('hook', 100), true);
    assert.equal(model.pageView('hook')?.start, 0);
  });

  it('a page that overlaps the one before (new deliveries pushed the list down) adds each delivery once', async () => {
    await firstPage(range(0, 100), 'page-2');
    const more = model.loadMore('hook');
    pending.shift()!.resolve({ items: range(95, 195) });
    await more;
    assert.deepEqual(ids(), range(0, 195).map((c) => c.id));
    const state = model.conversationsState('hook');
    assert.equal(state?.state === 'loaded' && state.value.shown, 195);
  });

  it('a filter set while a walk is under way: the old walk stops after the request it waits for, and no page is asked for twice', async () => {
    await firstPage(range(0, 100), 'p1');
    model.filters.setOwn('hook', { text: 'no such text' });
    const first = model.fillPage('hook');
    await settle();
    model.filters.setOwn('hook', { text: 'nor this' });
    const second = model.fillPage('hook');
    await settle();
    assert.deepEqual(pending.map((p) => p.cursor), ['p1'], 'the new walk waits for the request under way');
    pending.shift()!.resolve({ items: range(100, 200), nextCursor: 'p2' });
    await first;
    await settle();
    assert.deepEqual(pending.map((p) => p.cursor), ['p2'], 'then asks for the next page, not the same one again');
    pending.shift()!.resolve({ items: range(200, 250) });
    await second;
    assert.equal(ids().length, 250);
    assert.deepEqual(model.pageView('hook')?.total, { count: 0, exact: true });
  });

  it("a stale page that arrives after invalidate(webhookId) is dropped: the fresh one stays (e.g. right after Trigger)", async () => {
    const stale = model.loadConversations('hook');
    const staleRequest = pending.shift()!;
    model.invalidate('hook');
    const fresh = model.loadConversations('hook');
    pending.shift()!.resolve({ items: [conversation('triggered'), ...range(0, 99)], nextCursor: 'fresh-2' });
    await fresh;
    staleRequest.resolve({ items: range(0, 100), nextCursor: 'stale-2' });
    await stale;
    assert.equal(ids()[0], 'triggered', 'the fresh first page is kept');

    // …and a stale next page (Load more… clicked before the invalidation) is not appended to the fresh list
    const fresh2 = model.loadConversations('hook');
    assert.equal(pending.length, 0, 'the fresh page is cached: no request');
    await fresh2;
    const more = model.loadMore('hook');
    const staleMore = pending.shift()!;
    model.invalidate('hook');
    const fresh3 = model.loadConversations('hook');
    pending.shift()!.resolve({ items: [conversation('triggered-2'), conversation('triggered'), ...range(0, 98)] });
    await fresh3;
    staleMore.resolve({ items: range(99, 199) });
    await more;
    assert.deepEqual(ids(), ['triggered-2', 'triggered', ...range(0, 98).map((c) => c.id)]);
  });
});
