/** The run input reader and the words Trigger Webhook says about a run. */
import { strict as assert } from 'assert';
import { parseConversation, type Conversation } from '../../../../src/core/api';
import { parseRunInput } from '../../../../src/core/trigger/runInput';
import { runProgressText, runReport, type RunReportContext } from '../../../../src/core/trigger/runReport';
import type { FollowResult, RunDelivery } from '../../../../src/core/trigger/followRun';

describe('parseRunInput', () => {
  it('reads any JSON value (a byte-order mark is ignored)', () => {
    assert.deepEqual(parseRunInput('{"stops": []}', 'input.json'), { ok: true, value: { stops: [] } });
    assert.deepEqual(parseRunInput('\uFEFF[1, 2]\n', 'input.json'), { ok: true, value: [1, 2] });
    assert.deepEqual(parseRunInput('{}', 'the empty input'), { ok: true, value: {} });
  });

  it('invalid JSON: one message naming the source, the parse error with line and column, and that nothing was sent', () => {
    const r = parseRunInput('{\n  "stops": [1, 2,]\n}', 'input.json');
    assert.equal(r.ok, false);
    const message = (r as { message: string }).message;
    assert.match(message, /^input\.json is not valid JSON \(line 2, column 18: Unexpected token/);
    assert.match(message, /\)\. Nothing was sent: fix it, or choose another input\.$/);
    assert.ok(!message.includes('"stops"'), 'no echo of the text');
  });

  it('finds the line and column of every kind of mistake', () => {
    const cases: [string, string][] = [
      ['{"a": 1,}', 'line 1, column 9'],
      ['{"a" 1}', 'line 1, column 6'],
      ["{'a': 1}", 'line 1, column 2'],
      ['[1, 2', 'line 1, column 6'],
      ['{"a": tru}', 'line 1, column 7'],
      ['{"a": "x\\q"}', 'line 1, column 9'],
      ['{"a": "ok"}\n\n  x', 'line 3, column 3'],
      ['{"a": 01}', 'line 1, column 8'],
      ['{"a": "unterminated', 'line 1, column 20'],
    ];
    for (const [text, where] of cases) {
      const r = parseRunInput(text, 'f.json');
      assert.equal(r.ok, false, text);
      assert.match((r as { message: string }).message, new RegExp(`^f\\.json is not valid JSON \\(${where}: `), text);
    }
  });

  it('an empty or blank text says so', () => {
    for (const text of ['', '  \n', '\uFEFF']) {
      assert.deepEqual(parseRunInput(text, 'data.json'), { ok: false, message: 'data.json is empty: a run needs a JSON input. Nothing was sent.' });
    }
  });
});

const conv = (id: string, statusCode: number | null, error?: string): Conversation =>
  parseConversation({ id, event_type: 'run.status', response: statusCode === null ? null : { status_code: statusCode, headers: {}, body: '' }, error: error ?? null });
const d = (id: string, statusCode: number | null, status: string, error?: string): RunDelivery => ({ conversation: conv(id, statusCode, error), status });
const CTX: RunReportContext = { runId: 'run-1', applicationId: 'routing', webhookId: 'hook', graceMs: 60_000 };
const result = (r: Partial<FollowResult>): FollowResult => ({ end: 'finished', status: 'succeeded', deliveries: [], ...r });

describe('runReport', () => {
  it('progress: the status and the deliveries so far', () => {
    assert.equal(runProgressText(undefined, []), 'starting · no delivery yet');
    assert.equal(runProgressText('running', [d('a', 200, 'queued'), d('b', null, 'running', 'timeout: no answer')]), 'running · 2 deliveries (200, timeout)');
  });

  it('succeeded with every delivery answered 2xx: information', () => {
    const r = runReport(result({ deliveries: [d('a', 200, 'queued'), d('b', 204, 'running'), d('c', 200, 'succeeded')] }), CTX);
    assert.deepEqual(r, { severity: 'info', text: 'Run run-1 of "routing" succeeded. 3 run.status deliveries to "hook": 200, 204, 200 (all answered 2xx).' });
  });

  it('a failed delivery, or a failed run, is a warning that says which', () => {
    const r = runReport(result({ deliveries: [d('a', 200, 'queued'), d('b', 401, 'succeeded')] }), CTX);
    assert.equal(r.severity, 'warning');
    assert.match(r.text, /2 run\.status deliveries to "hook": 200, 401 \(1 failed\)\./);
    const failed = runReport(result({ status: 'failed', runError: 'exit code 1.', deliveries: [d('a', 200, 'failed')] }), CTX);
    assert.equal(failed.severity, 'warning');
    assert.match(failed.text, /^Run run-1 of "routing" failed: exit code 1\. 1 run\.status delivery to "hook": 200 \(all answered 2xx\)\.$/);
  });

  it('no delivery at all: says to check the subscription', () => {
    const r = runReport(result({ end: 'noFinalDelivery' }), CTX);
    assert.equal(r.severity, 'warning');
    assert.match(r.text, /No run\.status delivery about it reached "hook" within 60 s: check that the webhook subscribes to run\.status/);
  });

  it('the final delivery missing, cancelled, time limit, polling failed: each says the run goes on or what to do', () => {
    assert.match(runReport(result({ end: 'noFinalDelivery', deliveries: [d('a', 200, 'queued')] }), CTX).text, /The delivery of "succeeded" had not arrived after 60 s/);
    const cancelled = runReport(result({ end: 'cancelled', status: 'running', deliveries: [d('a', 200, 'queued')] }), CTX);
    assert.equal(cancelled.severity, 'info');
    assert.match(cancelled.text, /^Stopped following Run run-1 of "routing" \(running\); 1 run\.status delivery .* uses compute until it ends/);
    assert.match(runReport(result({ end: 'timeLimit', status: 'running' }), CTX).text, /is still running: stopped following it\. No delivery to "hook" yet\. Its deliveries appear under "hook"/);
    const broken = runReport(result({ end: 'failedPolling', status: 'queued', pollError: { userMessage: 'Nextmv Cloud had a problem (503). Try again later.' } }), CTX);
    assert.equal(broken.severity, 'error');
    assert.match(broken.text, /Stopped following Run run-1 of "routing": Nextmv Cloud had a problem \(503\)\. Try again later\. .*The run goes on at Nextmv/);
  });
});
