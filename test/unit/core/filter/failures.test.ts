import { strict as assert } from 'assert';
import { failureAlertText, failuresSince, FailureRound, markOf, type SeenMark } from '../../../../src/core/filter/failures';
import { deliveries, delivery, MINUTE, NOW } from './fixtures';

describe('failed since the last look', () => {
  // newest first: c0 (now) … c9 (9 min ago); c1, c4 and c7 failed
  const list = deliveries(10, (i) => (i % 3 === 1 ? 503 : 200));

  it('counts the failures above the mark (by id, or by time when the marked one is gone)', () => {
    assert.deepEqual(failuresSince(list, markOf(list.slice(5))!, false), { failed: 2, newestFailedId: 'c1', reached: true });
    assert.deepEqual(failuresSince(list, { id: 'deleted', at: NOW - 4.5 * MINUTE }, false), { failed: 2, newestFailedId: 'c1', reached: true });
    assert.deepEqual(failuresSince(list, markOf(list)!, false), { failed: 0, newestFailedId: undefined, reached: true });
  });

  it('a mark not found says whether the list was complete', () => {
    const old: SeenMark = { id: 'long-ago' };
    assert.deepEqual(failuresSince(list, old, true), { failed: 3, newestFailedId: 'c1', reached: true });
    assert.equal(failuresSince(list, old, false).reached, false);
  });

  it('a round: the first look only marks; a later round reports what failed since, once', () => {
    const marks = new Map<string, SeenMark>();
    const first = new FailureRound(marks);
    first.learn('orders', list.slice(3), true);
    first.learn('empty', [], true);
    assert.ok(first.isComplete(['orders', 'empty']));
    assert.deepEqual(first.news(), [], 'nothing is news on the first look');
    assert.equal(marks.get('orders')?.id, 'c3');

    const second = new FailureRound(marks);
    assert.equal(second.isComplete(['orders', 'empty']), false);
    second.learn('orders', list, true);
    second.learn('orders', list, true); // the same list again (health, then the expanded page) counts once
    second.learn('empty', [delivery('e0', 'timeout', 0)], true);
    assert.ok(second.isComplete(['orders', 'empty']));
    assert.deepEqual(second.news(), [{ webhookId: 'orders', failed: 1, exact: true, newestFailedId: 'c1' }], 'c1 only: c4 and c7 were seen; the first delivery of an empty webhook is its first mark');
    assert.deepEqual(new FailureRound(marks).news(), []);
  });

  it('a probe too short to tell (a health check of one) asks for the first page and records nothing yet', () => {
    const marks = new Map<string, SeenMark>([['orders', markOf(list.slice(5))!]]);
    const round = new FailureRound(marks);
    assert.equal(round.learn('orders', list.slice(0, 1), false, true), 'needMore');
    assert.equal(round.isComplete(['orders']), false);
    assert.equal(marks.get('orders')?.id, 'c5');
    assert.equal(round.learn('orders', list, false), 'done');
    assert.deepEqual(round.news().map((n) => [n.failed, n.exact]), [[2, true]]);
    // a probe that already shows the mark is enough
    assert.equal(new FailureRound(marks).learn('orders', list.slice(0, 1), false, true), 'done');
  });

  it('a webhook reloaded on purpose (Trigger, its own Refresh) is seen, not news; one that could not load still answers', () => {
    const marks = new Map<string, SeenMark>([['orders', markOf(list.slice(5))!]]);
    const round = new FailureRound(marks);
    round.quiet('orders');
    round.learn('orders', list, true);
    round.learn('broken', undefined, false);
    assert.deepEqual(round.news(), []);
    assert.equal(marks.get('orders')?.id, 'c0');
    assert.ok(round.isComplete(['orders', 'broken']));
  });

  it('one text names the webhooks and counts, most failures first', () => {
    const n = (webhookId: string, failed: number, exact = true) => ({ webhookId, failed, exact, newestFailedId: 'x' });
    assert.equal(failureAlertText([n('orders-prod', 1)]), '1 delivery to orders-prod failed since the last refresh.');
    assert.equal(failureAlertText([n('orders-prod', 100, false)]), '100+ deliveries to orders-prod failed since the last refresh.');
    assert.equal(failureAlertText([n('a', 3), n('b', 2, false)]), '5+ deliveries failed since the last refresh: a (3), b (2+).');
    assert.equal(failureAlertText([n('a', 1), n('b', 1), n('c', 1)], 2), '3 deliveries failed since the last refresh: a (1), b (1) and 1 more webhook.');
    const round = new FailureRound(new Map([['a', { id: 'old' }], ['b', { id: 'old' }]]));
    round.learn('a', deliveries(2, () => 500), true);
    round.learn('b', deliveries(5, () => 500), true);
    assert.deepEqual(round.news().map((x) => x.webhookId), ['b', 'a']);
  });
});
