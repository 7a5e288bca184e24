import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import {
  conversationRowLabel,
  describeStatusCode,
  formatBody,
  formatLatency,
  formatRelativeTime,
  formatRunStatus,
  headerRows,
  latencyMs,
  summarizeOutcome,
  summarizeRunStatus,
} from '../../../../src/core/inspector/format';
import { prettyPrintJson } from '../../../../src/core/inspector/prettyJson';
import { conversation, SENT_MS } from './fixtures';

const MIN = 60_000;

describe('inspector format', () => {
  describe('outcome', () => {
    it('puts the status code as its own word and says it in words', () => {
      const s = summarizeOutcome(conversation());
      assert.deepEqual([s.outcome, s.word, s.description, s.icon], ['success', '200', '200 OK', 'pass']);
    });
    it('names client and server errors, and bare codes without a phrase', () => {
      assert.equal(summarizeOutcome(conversation({ response: { status_code: 404, headers: {}, body: '' } })).description, '404 Not Found');
      const s = summarizeOutcome(conversation({ response: { status_code: 503, headers: {}, body: '' } }));
      assert.deepEqual([s.outcome, s.description], ['serverError', '503 Service Unavailable']);
      assert.equal(describeStatusCode(599), '599');
    });
    it('says "error" / "timeout" when no response came back, keeping the API error', () => {
      const unreachable = summarizeOutcome(conversation({ response: null, error: 'connect ECONNREFUSED 10.0.0.1:443' }));
      assert.deepEqual([unreachable.word, unreachable.description, unreachable.error], ['error', 'Endpoint unreachable', 'connect ECONNREFUSED 10.0.0.1:443']);
      const timeout = summarizeOutcome(conversation({ response: null, error: 'request timed out after 30s' }));
      assert.deepEqual([timeout.word, timeout.description], ['timeout', 'Timed out']);
    });
  });

  describe('latency', () => {
    it('is received_at − sent_at in ms', () => {
      assert.equal(latencyMs(conversation()), 42);
    });
    it('is unknown without both times, or when they are reversed', () => {
      assert.equal(latencyMs(conversation({ response: null, error: 'x' })), undefined);
      assert.equal(latencyMs(conversation({ response: { status_code: 200, headers: {}, body: '', received_at: '2026-05-01T12:00:02Z' } })), undefined);
      assert.equal(latencyMs(conversation({ response: { status_code: 200, headers: {}, body: '', received_at: 'garbage' } })), undefined);
    });
    it('reads well at every scale', () => {
      assert.equal(formatLatency(42), '42 ms');
      assert.equal(formatLatency(1250), '1.25 s');
      assert.equal(formatLatency(1250, 'de'), '1,25 s', 'the number in the language, the SI symbol as is');
      assert.equal(formatLatency(125_000, 'de'), '2 min 5 s');
      assert.equal(formatLatency(12_340), '12.3 s');
      assert.equal(formatLatency(125_000), '2 min 5 s');
    });
  });

  describe('relative time', () => {
    const now = SENT_MS;
    it('floors to the unit shown', () => {
      // Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' })
      assert.equal(formatRelativeTime(now - 5_000, now, 'en'), 'now');
      assert.equal(formatRelativeTime(now - 45_000, now, 'en'), '45 sec. ago');
      assert.equal(formatRelativeTime(now - 2 * MIN - 59_000, now, 'en'), '2 min. ago');
      assert.equal(formatRelativeTime(now - 3 * 60 * MIN, now, 'en'), '3 hr. ago');
      assert.equal(formatRelativeTime(now - 24 * 60 * MIN, now, 'en'), 'yesterday');
      assert.equal(formatRelativeTime(now - 5 * 24 * 60 * MIN, now, 'en'), '5 days ago');
    });
    it('shows the date beyond 30 days and "in …" for a time ahead', () => {
      const then = Date.parse('2026-01-02T10:00:00Z');
      assert.equal(formatRelativeTime(then, now, 'en'), new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(then));
      assert.match(formatRelativeTime(then, now, 'en'), /^Jan [12], 2026$/);
      assert.equal(formatRelativeTime(now + 5 * MIN, now, 'en'), 'in 5 min.');
      assert.equal(formatRelativeTime(NaN, now), '');
    });
  });

  describe('tree row label', () => {
    it('reads like the UI contract: status word · event type · age', () => {
      assert.equal(conversationRowLabel(conversation(), SENT_MS + 2 * MIN + 10_000, 'en'), '200 · run.status · 2 min. ago');
      assert.equal(conversationRowLabel(conversation({ response: null, error: 'timeout' }), SENT_MS + 3 * MIN, 'en'), 'timeout · run.status · 3 min. ago');
      assert.equal(conversationRowLabel(conversation(), SENT_MS + 2 * MIN + 10_000, 'de'), '200 · run.status · vor 2 Min.');
    });
    it('leaves out what is unknown instead of writing "undefined"', () => {
      const c = { ...conversation(), eventType: undefined, createdAt: undefined, request: { ...conversation().request!, sentAt: undefined } };
      assert.equal(conversationRowLabel(c, SENT_MS), '200');
    });
  });

  describe('headers', () => {
    it('sorts rows by name, case-insensitively', () => {
      const rows = headerRows({ 'x-b': '2', 'Content-Type': 'a', 'X-A': '1', accept: '*/*' });
      assert.deepEqual(rows.map(([n]) => n), ['accept', 'Content-Type', 'X-A', 'x-b']);
      assert.deepEqual(headerRows(undefined), []);
    });
  });

  describe('bodies', () => {
    it('pretty-prints JSON with 2 spaces and keeps other text exactly', () => {
      assert.deepEqual(formatBody('{"a":[1,{}],"b":[]}'), { text: '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}', prettyPrinted: true });
      assert.deepEqual(formatBody('not json {'), { text: 'not json {', prettyPrinted: false });
      assert.deepEqual(formatBody('  42 '), { text: '  42 ', prettyPrinted: false }, 'scalars stay exact');
      assert.deepEqual(formatBody(''), { text: '', prettyPrinted: false });
    });
    it('never changes a value while re-indenting: big numbers, escapes, duplicate keys, key order', () => {
      const text = '{ "id": 12345678901234567890, "x": 1.50, "e": "caf\\u00e9 \\"q\\" \\\\", "d": 1, "d": 2, "2": "b", "1": "a" }';
      assert.equal(
        prettyPrintJson(text),
        '{\n  "id": 12345678901234567890,\n  "x": 1.50,\n  "e": "caf\\u00e9 \\"q\\" \\\\",\n  "d": 1,\n  "d": 2,\n  "2": "b",\n  "1": "a"\n}',
      );
    });
    it('matches JSON.stringify(…, null, 2) on any JSON value, compact or already indented', () => {
      fc.assert(
        fc.property(fc.jsonValue(), fc.constantFrom(0, 4, '\t'), (value, indent) => {
          if (value === null || typeof value !== 'object') return; // scalars are not re-indented
          const text = JSON.stringify(value, null, indent);
          assert.equal(prettyPrintJson(text), JSON.stringify(value, null, 2));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('run.status summary', () => {
    it('reads run id, application id and status_v2 from data', () => {
      const s = summarizeRunStatus(conversation().request!.body);
      assert.deepEqual(s, { eventType: 'run.status', runId: 'run-123', applicationId: 'app-x', status: 'succeeded' });
      assert.equal(formatRunStatus(s!), 'run-123 · app-x · succeeded');
    });
    it('tolerates missing fields, camelCase and the legacy status', () => {
      assert.deepEqual(summarizeRunStatus('{"data":{"runId":"r1","status":"failed"}}'), { runId: 'r1', status: 'failed' });
      assert.deepEqual(summarizeRunStatus('{"run_id":"r2"}'), { runId: 'r2' });
    });
    it('reads the event type from "type" or "event_type" (both in use), and ignores unknown fields', () => {
      const data = '"data":{"run_id":"r1","status_v2":"running","attempt":2,"labels":{"a":"b"}}';
      for (const [body, eventType] of [
        [`{"type":"run.status",${data}}`, 'run.status'],
        [`{"event_type":"run.status",${data}}`, 'run.status'],
        [`{"type":"run.status","event_type":"other",${data},"new_field":[1]}`, 'run.status'],
        [`{${data}}`, undefined],
      ] as const) {
        const s = summarizeRunStatus(body);
        assert.equal(s?.runId, 'r1', body);
        assert.equal(s?.status, 'running', body);
        assert.equal(s?.eventType, eventType, body);
      }
    });
    it('gives nothing for bodies that are not about a run', () => {
      for (const body of [undefined, '', 'plain text', '[1,2]', '{"data":{"x":1}}', '{"data":{"run_id":""}}']) {
        assert.equal(summarizeRunStatus(body), undefined, String(body));
      }
    });
  });
});
