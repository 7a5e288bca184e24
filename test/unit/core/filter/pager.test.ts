import { strict as assert } from 'assert';
import type { Conversation, Page } from '../../../../src/core/api/types';
import { compileFilter, FAILED_OUTCOMES } from '../../../../src/core/filter/filter';
import { DeliveryPager, fillPage } from '../../../../src/core/filter/pager';
import { deliveries, NOW } from './fixtures';

/** A server holding `all` (newest first), answering `size` at a time with numeric cursors. */
function server(all: Conversation[], size: number) {
  const asked: string[] = [];
  return {
    asked,
    first: (): Page<Conversation> => ({ items: all.slice(0, size), nextCursor: all.length > size ? String(size) : undefined }),
    fetch: async (cursor: string): Promise<Page<Conversation>> => {
      asked.push(cursor);
      const from = Number(cursor);
      return { items: all.slice(from, from + size), nextCursor: all.length > from + size ? String(from + size) : undefined };
    },
  };
}
const rowIds = (p: DeliveryPager) => p.view().rows.map((c) => c.id);

describe('delivery pager: pages that replace each other', () => {
  it('shows one page; Older replaces it with the next (one request), Newer goes back without one', async () => {
    const s = server(deliveries(250), 100);
    const p = new DeliveryPager(100);
    p.append(s.first());
    assert.deepEqual(p.view().rows.length, 100);
    assert.equal(p.view().hasNewer, false);
    assert.equal(p.view().hasOlder, true);
    assert.equal(p.older(), true);
    assert.equal(p.needsFetch(), true);
    assert.equal(await fillPage(p, s.fetch), 1);
    assert.deepEqual(rowIds(p), deliveries(100, undefined, 100).map((c) => c.id));
    assert.equal(p.view().start, 100);
    assert.equal(p.shown, 200);
    assert.equal(p.older(), true);
    await fillPage(p, s.fetch);
    assert.deepEqual(p.view().rows.length, 50);
    assert.equal(p.view().hasOlder, false);
    assert.equal(p.older(), false, 'nothing after the last page');
    assert.equal(p.newer(), true);
    assert.equal(await fillPage(p, s.fetch), 0, 'going back needs no request');
    assert.equal(p.view().start, 100);
    assert.deepEqual(s.asked, ['100', '200']);
  });

  it('a filter walks further pages only until the page on screen is full', async () => {
    // every 10th delivery failed: 100 failures need 1,000 deliveries, i.e. 10 pages
    const s = server(deliveries(3000, (i) => (i % 10 === 0 ? 500 : 200)), 100);
    const p = new DeliveryPager(100, compileFilter({ outcomes: FAILED_OUTCOMES }, NOW));
    p.append(s.first());
    const progress: [number, number][] = [];
    const requests = await fillPage(p, s.fetch, { onProgress: (f, m) => progress.push([f, m]) });
    assert.equal(requests, 9);
    assert.equal(p.view().rows.length, 100);
    assert.ok(p.view().rows.every((c) => c.response?.statusCode === 500));
    assert.deepEqual(progress.at(-1), [1000, 100]);
    assert.deepEqual(p.view().total, { count: 100, exact: false });
  });

  it('a filter that matches nothing walks to the end, and then the count is exact', async () => {
    const s = server(deliveries(450), 100);
    const p = new DeliveryPager(100, compileFilter({ text: 'no such run' }, NOW));
    p.append(s.first());
    assert.equal(await fillPage(p, s.fetch), 4);
    assert.deepEqual(p.view(), { rows: [], start: 0, hasNewer: false, hasOlder: false, total: { count: 0, exact: true }, stopped: false });
  });

  it('a time window stops the walk at the first page older than it (newest-first lists)', async () => {
    // one a minute: the last hour is the first 60
    const s = server(deliveries(1000), 100);
    const p = new DeliveryPager(100, compileFilter({ time: { kind: 'hour' } }, NOW));
    p.append(s.first());
    assert.equal(await fillPage(p, s.fetch), 0, 'the first page already reaches past the hour');
    assert.deepEqual(p.view().total, { count: 61, exact: true });
  });

  it('…but not when the server does not send newest first', async () => {
    const all = deliveries(300);
    [all[150], all[250]] = [all[250], all[150]];
    const s = server(all.reverse(), 100);
    const p = new DeliveryPager(100, compileFilter({ time: { kind: 'hour' } }, NOW));
    p.append(s.first());
    assert.equal(await fillPage(p, s.fetch), 2);
    assert.equal(p.view().total.count, 61);
  });

  it('a cancelled walk keeps what it found; Older then searches on from there', async () => {
    const s = server(deliveries(2000, (i) => (i % 50 === 0 ? 404 : 200)), 100);
    const p = new DeliveryPager(100, compileFilter({ outcomes: FAILED_OUTCOMES }, NOW));
    p.append(s.first());
    const abort = new AbortController();
    await fillPage(p, async (c) => {
      if (c === '300') abort.abort();
      return s.fetch(c);
    }, { signal: abort.signal });
    assert.equal(p.view().stopped, true);
    assert.equal(p.view().rows.length, 8, 'the 8 failures among the first 400');
    assert.equal(p.needsFetch(), false, 'stopped: no more requests until asked');
    assert.equal(p.older(), true);
    assert.equal(p.view().start, 0, 'the short page is searched further, not left');
    await fillPage(p, s.fetch);
    assert.equal(p.view().rows.length, 40);
    assert.equal(p.view().stopped, false);
  });

  it('a failed request is kept on the pager; the rows fetched before stay; Older tries again', async () => {
    const s = server(deliveries(250), 100);
    const p = new DeliveryPager(100);
    p.append(s.first());
    p.older();
    await fillPage(p, async () => {
      throw new Error('503');
    });
    assert.match(String(p.view().error), /503/);
    assert.equal(p.needsFetch(), false);
    assert.equal(p.items.length, 100);
    assert.equal(p.older(), true);
    await fillPage(p, s.fetch);
    assert.equal(p.view().error, undefined);
    assert.equal(p.view().rows.length, 100);
  });

  it('an answer no longer wanted (undefined) ends the walk without touching the pager', async () => {
    const s = server(deliveries(250), 100);
    const p = new DeliveryPager(100, compileFilter({ text: 'nothing' }, NOW));
    p.append(s.first());
    assert.equal(await fillPage(p, async () => undefined), 1);
    assert.equal(p.items.length, 100);
  });

  it('each delivery once when pages overlap (new deliveries pushed the list down), and a cursor that does not move ends the list', () => {
    const p = new DeliveryPager(100);
    p.append({ items: deliveries(100), nextCursor: 'a' });
    p.append({ items: deliveries(100, undefined, 95), nextCursor: 'a' });
    assert.equal(p.items.length, 195);
    assert.equal(new Set(p.items.map((c) => c.id)).size, 195);
    assert.equal(p.nextCursor, undefined);
    assert.equal(p.complete, true);
  });

  it('a new filter starts at the newest page and matches what is already fetched without a request', () => {
    const p = new DeliveryPager(10);
    p.append({ items: deliveries(100, (i) => (i % 2 ? 500 : 200)) });
    p.older();
    p.older();
    assert.equal(p.view().start, 20);
    p.setFilter(compileFilter({ outcomes: ['serverError'] }, NOW));
    assert.equal(p.view().start, 0);
    assert.deepEqual(rowIds(p), ['c1', 'c3', 'c5', 'c7', 'c9', 'c11', 'c13', 'c15', 'c17', 'c19']);
    assert.deepEqual(p.view().total, { count: 50, exact: true });
    p.setFilter(undefined);
    assert.equal(p.view().total.count, 100);
  });

  it('showDelivery moves to the page that holds it; one the filter hides is shown anyway, in its place', () => {
    const p = new DeliveryPager(10);
    p.append({ items: deliveries(100, (i) => (i % 2 ? 500 : 200)) });
    assert.equal(p.showDelivery('c57'), true);
    assert.equal(p.view().start, 50);
    assert.equal(p.showDelivery('nope'), false);
    p.setFilter(compileFilter({ outcomes: ['serverError'] }, NOW));
    assert.equal(p.showDelivery('c42'), true, 'a 200 under a 5xx filter');
    assert.equal(p.view().start, 20);
    assert.deepEqual(rowIds(p), ['c41', 'c42', 'c43', 'c45', 'c47', 'c49', 'c51', 'c53', 'c55', 'c57']);
    assert.equal(p.view().total.count, 51);
  });
});
