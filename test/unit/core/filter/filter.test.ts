import { strict as assert } from 'assert';
import { compileFilter, describeFilter, FAILED_OUTCOMES, isActiveFilter, normalizeFilter, parseSince, sameFilter, type DeliveryFilter } from '../../../../src/core/filter/filter';
import { delivery, MINUTE, NOW } from './fixtures';

const ids = (f: DeliveryFilter, list: ReturnType<typeof delivery>[]) => list.filter((c) => compileFilter(f, NOW).matches(c)).map((c) => c.id);

describe('delivery filter', () => {
  const mixed = [delivery('ok', 200, 1), delivery('accepted', 202, 2), delivery('rejected', 401, 3), delivery('gone', 404, 4), delivery('broken', 503, 5), delivery('down', 'unreachable', 6), delivery('slow', 'timeout', 7)];

  it('"failed" is every 4xx, 5xx, unreachable and timed-out delivery; "succeeded" every 2xx', () => {
    assert.deepEqual(ids({ outcomes: FAILED_OUTCOMES }, mixed), ['rejected', 'gone', 'broken', 'down', 'slow']);
    assert.deepEqual(ids({ outcomes: ['success'] }, mixed), ['ok', 'accepted']);
    assert.deepEqual(ids({ outcomes: ['serverError', 'timeout'] }, mixed), ['broken', 'slow']);
  });

  it('an outcome set that holds every outcome, or none, is no outcome filter', () => {
    assert.equal(isActiveFilter({ outcomes: ['success', ...FAILED_OUTCOMES] }), false);
    assert.equal(isActiveFilter({ outcomes: [] }), false);
    assert.equal(isActiveFilter({ text: '   ' }), true, 'raw text counts; normalizeFilter trims it away');
    assert.equal(normalizeFilter({ text: '   ', outcomes: [] }), undefined);
    assert.deepEqual(normalizeFilter({ outcomes: ['clientError', 'clientError'], text: ' run-1 ' }), { outcomes: ['clientError'], text: 'run-1' });
  });

  it('time windows count back from when the filter is compiled; since… is a fixed instant', () => {
    const list = [delivery('a', 200, 30), delivery('b', 200, 3 * 60), delivery('c', 200, 3 * 24 * 60), delivery('d', 200, 10 * 24 * 60)];
    assert.deepEqual(ids({ time: { kind: 'hour' } }, list), ['a']);
    assert.deepEqual(ids({ time: { kind: 'day' } }, list), ['a', 'b']);
    assert.deepEqual(ids({ time: { kind: 'week' } }, list), ['a', 'b', 'c']);
    assert.deepEqual(ids({ time: { kind: 'since', sinceMs: NOW - 4 * 60 * MINUTE } }, list), ['a', 'b']);
    assert.equal(compileFilter({ time: { kind: 'hour' } }, NOW).since, NOW - 60 * MINUTE);
  });

  it('a delivery without a readable time never matches a time window', () => {
    const timeless = { ...delivery('x', 200, 1), createdAt: undefined, request: { ...delivery('x', 200, 1).request!, sentAt: 'not a time' } };
    assert.deepEqual(ids({ time: { kind: 'week' } }, [timeless]), []);
  });

  it('text: case-insensitive plain substring in run id, application id, request and response bodies, error and id', () => {
    const list = [
      delivery('by-run', 200, 1, { runId: 'Run-ABC-123' }),
      delivery('by-app', 200, 2, { appId: 'Pricing-Optimizer' }),
      delivery('by-response', 500, 3, { responseBody: 'upstream said: Database Locked' }),
      delivery('by-error', 'unreachable', 4),
      delivery('conv-XYZ', 200, 5),
    ];
    assert.deepEqual(ids({ text: 'run-abc' }, list), ['by-run']);
    assert.deepEqual(ids({ text: 'pricing-OPTIMIZER' }, list), ['by-app']);
    assert.deepEqual(ids({ text: 'database locked' }, list), ['by-response']);
    assert.deepEqual(ids({ text: 'econnrefused' }, list), ['by-error']);
    assert.deepEqual(ids({ text: 'conv-xyz' }, list), ['conv-XYZ']);
  });

  it('text is plain: regular-expression characters match themselves', () => {
    const list = [delivery('a', 200, 1, { runId: 'run.(1)*' }), delivery('b', 200, 2, { runId: 'runX(1)' })];
    assert.deepEqual(ids({ text: 'run.(1)*' }, list), ['a']);
    assert.deepEqual(ids({ text: ')*' }, list), ['a']);
    assert.deepEqual(ids({ text: '(1)' }, list), ['a', 'b']);
  });

  it('text finds a run id that JSON escapes hide from the raw body', () => {
    const escaped = delivery('esc', 200, 1, { body: '{"type":"run.status","data":{"run_id":"run\\u002d777","application_id":"app"}}' });
    assert.deepEqual(ids({ text: 'run-777' }, [escaped]), ['esc']);
  });

  it('all parts must hold', () => {
    const list = [delivery('old-fail', 500, 120, { runId: 'r1' }), delivery('new-fail', 500, 5, { runId: 'r1' }), delivery('new-ok', 200, 5, { runId: 'r1' }), delivery('new-fail-other', 500, 5, { runId: 'r2' })];
    assert.deepEqual(ids({ outcomes: FAILED_OUTCOMES, time: { kind: 'hour' }, text: 'r1' }, list), ['new-fail']);
  });

  it('describes itself in a few words for the view', () => {
    assert.equal(describeFilter(undefined), '');
    assert.equal(describeFilter({ outcomes: FAILED_OUTCOMES }), 'failed');
    assert.equal(describeFilter({ outcomes: ['success'] }), 'succeeded');
    assert.equal(describeFilter({ outcomes: ['clientError', 'serverError'] }), '4xx or 5xx');
    assert.equal(describeFilter({ outcomes: ['timeout', 'error'] }), 'unreachable or timed out');
    assert.equal(describeFilter({ outcomes: ['error', 'success'] }), 'unreachable or succeeded');
    assert.equal(describeFilter({ outcomes: FAILED_OUTCOMES, time: { kind: 'day' }, text: 'run-123' }), 'failed · last day · “run-123”');
    assert.equal(describeFilter({ time: { kind: 'since', sinceMs: new Date(2026, 4, 1, 14, 30).getTime() } }), 'since 2026-05-01 14:30', 'local time, as typed');
    assert.equal(describeFilter({ text: 'a'.repeat(40) }), `“${'a'.repeat(23)}…”`);
  });

  it('sameFilter ignores the order of outcomes and empty parts', () => {
    assert.ok(sameFilter({ outcomes: ['serverError', 'clientError'] }, { outcomes: ['clientError', 'serverError'], text: '' }));
    assert.ok(sameFilter(undefined, { outcomes: [] }));
    assert.ok(!sameFilter({ time: { kind: 'hour' } }, { time: { kind: 'day' } }));
    assert.ok(!sameFilter({ text: 'a' }, undefined));
  });

  it('parseSince reads a date, a date and time (local) or an RFC 3339 instant, and nothing else', () => {
    assert.equal(parseSince('2026-05-01'), new Date(2026, 4, 1).getTime());
    assert.equal(parseSince(' 2026-05-01 14:30 '), new Date(2026, 4, 1, 14, 30).getTime());
    assert.equal(parseSince('2026-05-01T14:30:00Z'), Date.parse('2026-05-01T14:30:00Z'));
    assert.equal(parseSince('2026-05-01T14:30:00+02:00'), Date.parse('2026-05-01T12:30:00Z'));
    for (const bad of ['', 'yesterday', '2026-02-31', '2026-13-01', '2026-05-01 25:00', '05/01/2026']) assert.equal(parseSince(bad), undefined, bad);
  });
});
