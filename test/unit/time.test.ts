import { strict as assert } from 'assert';
import { formatLatency, millisBetween, relativeTime } from '../../src/core/time';

describe('time formatting', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  it('relative times', () => {
    assert.equal(relativeTime('2026-05-01T11:59:50Z', now), 'just now');
    assert.equal(relativeTime('2026-05-01T11:58:00Z', now), '2 min ago');
    assert.equal(relativeTime('2026-05-01T09:00:00Z', now), '3 h ago');
    assert.equal(relativeTime('2026-04-26T12:00:00Z', now), '5 d ago');
    assert.equal(relativeTime('2026-05-01T12:10:00Z', now), 'in 10 min');
    assert.equal(relativeTime('nonsense', now), undefined);
    assert.equal(relativeTime(undefined, now), undefined);
  });
  it('latency between two times, with fractional seconds', () => {
    assert.equal(millisBetween('2026-05-01T12:00:03Z', '2026-05-01T12:00:03.042Z'), 42);
    assert.equal(millisBetween('2026-05-01T12:00:03Z', undefined), undefined);
    assert.equal(millisBetween('2026-05-01T12:00:04Z', '2026-05-01T12:00:03Z'), undefined);
    assert.equal(formatLatency(42), '42 ms');
    assert.equal(formatLatency(1500), '1.50 s');
    assert.equal(formatLatency(undefined), undefined);
  });
});
