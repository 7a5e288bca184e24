/** The inspector session with local attempts: Send Again…, the "Sent from VS Code" list, their actions. */
import { strict as assert } from 'assert';
import { InspectorSession, type InspectorSessionDeps } from '../../../../src/core/inspector/session';
import { partToCompare } from '../../../../src/core/inspector/localAttempts';
import type { LocalAttempt } from '../../../../src/core/send/attempt';
import { isHostToInspectorMessage, type HostToInspectorMessage, type LocalAttemptsMessage } from '../../../../src/shared/inspectorProtocol';
import { conversation, SECRET } from './fixtures';
import { NOW, OK, attemptOf } from '../send/fixtures';

function harness(overrides: Partial<InspectorSessionDeps> = {}) {
  const posted: HostToInspectorMessage[] = [];
  const calls: string[] = [];
  const attempts: LocalAttempt[] = [];
  const session = new InspectorSession({
    post: (m) => posted.push(m),
    getSecret: async () => SECRET,
    openValidator: () => undefined,
    trigger: async () => undefined,
    pickConversationToCompare: async (_current, first) => first?.[0],
    compareBodies: async (a, b, part) => calls.push(`compare ${a.id} ${b.id} ${part}`),
    openBody: async (c, part) => calls.push(`open ${c.id} ${part}`),
    copyText: async () => undefined,
    sendAgain: async (c, webhookId) => {
      calls.push(`sendAgain ${c.id} ${webhookId}`);
      const a = attemptOf(OK, { id: `local-t-${attempts.length + 1}` });
      attempts.unshift(a);
      return a;
    },
    editAndSend: async (c) => calls.push(`edit ${c.id}`),
    localAttempts: (id) => attempts.filter((a) => a.sourceConversationId === id),
    now: () => NOW + 1000,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...overrides,
  });
  void session.handle({ type: 'ready' });
  return { session, posted, calls, attempts };
}

const lists = (posted: HostToInspectorMessage[]) => posted.filter((m): m is LocalAttemptsMessage => m.type === 'localAttempts');
const lastResult = (posted: HostToInspectorMessage[]) => posted.filter((m) => m.type === 'actionResult').at(-1);
const flush = () => new Promise((r) => setImmediate(r));

describe('inspector session: local attempts (Sent from VS Code)', () => {
  it('Send Again… sends the shown delivery and answers with the outcome; the list shows the attempt, checked', async () => {
    const h = harness();
    await h.session.show(conversation());
    assert.equal(lists(h.posted).length, 0, 'no list before anything was sent');
    await h.session.handle({ type: 'sendAgain', requestId: 9 });
    assert.deepEqual(h.calls, ['sendAgain conv-8f3a2c orders-prod']);
    assert.deepEqual(lastResult(h.posted), { type: 'actionResult', requestId: 9, ok: true, message: 'Sent from VS Code to http://localhost:8000/webhookhandler: 200 OK (12 ms)' });
    h.session.refreshAttempts(); // what the panel does when the attempt is added
    await flush();
    const list = lists(h.posted).at(-1)!;
    assert.ok(isHostToInspectorMessage(list), 'passes the webview guard');
    assert.equal(list.conversationId, 'conv-8f3a2c');
    const [view] = list.attempts;
    assert.equal(view.attemptId, 'local-t-1');
    assert.equal(view.conversation.outcome.word, '200');
    assert.equal(view.conversation.latency, '12 ms');
    assert.equal(view.target, 'http://localhost:8000/webhookhandler');
    assert.deepEqual(view.notes, ['The recorded body, byte for byte.']);
    assert.ok(view.signature.state === 'verified' && view.signature.verdict.valid, JSON.stringify(view.signature));
    assert.match(view.signature.state === 'verified' ? view.signature.checkedAt : '', /checked against the time the request was sent/);
  });

  it('lists the attempts again after a new show and a reloaded webview, and never posts the secret', async () => {
    const h = harness();
    h.attempts.push(attemptOf({ ...OK, body: `{"echo":"${SECRET}"}` }));
    await h.session.show(conversation());
    assert.equal(lists(h.posted).length, 1, 'after show');
    await h.session.handle({ type: 'ready' });
    assert.equal(lists(h.posted).length, 2, 'after ready');
    assert.ok(!JSON.stringify(h.posted).includes(SECRET));
    assert.match(JSON.stringify(lists(h.posted)[0]), /\[secret\]/);
  });

  it('a cancelled Send Again… says nothing; without a request it is refused', async () => {
    const h = harness({ sendAgain: async () => undefined });
    await h.session.show(conversation());
    await h.session.handle({ type: 'sendAgain', requestId: 1 });
    assert.deepEqual(lastResult(h.posted), { type: 'actionResult', requestId: 1, ok: true });
    const none = harness();
    await none.session.show({ ...conversation(), request: undefined });
    await none.session.handle({ type: 'sendAgain', requestId: 2 });
    assert.equal(lastResult(none.posted)?.type === 'actionResult' && lastResult(none.posted)!.ok, false);
    assert.deepEqual(none.calls, []);
  });

  it('a failed attempt answers ok: false with its one line', async () => {
    const h = harness({ sendAgain: async () => attemptOf({ kind: 'failed', error: 'error: could not connect to localhost:8000: connection refused (ECONNREFUSED).', timedOut: false, latencyMs: 1 }) });
    await h.session.show(conversation());
    await h.session.handle({ type: 'sendAgain', requestId: 3 });
    const r = lastResult(h.posted);
    assert.ok(r?.type === 'actionResult' && !r.ok && r.message === 'Sent from VS Code to http://localhost:8000/webhookhandler: error: could not connect to localhost:8000: connection refused (ECONNREFUSED).');
  });

  it('routes Edit and Send…, an attempt’s body documents and Compare With…', async () => {
    const h = harness();
    await h.session.show(conversation());
    await h.session.handle({ type: 'sendAgain', requestId: 1 });
    await h.session.handle({ type: 'editAndSend', requestId: 2 });
    await h.session.handle({ type: 'openAttemptBody', requestId: 3, attemptId: 'local-t-1', part: 'response' });
    await h.session.handle({ type: 'compareAttempt', requestId: 4, attemptId: 'local-t-1' });
    await h.session.handle({ type: 'openAttemptBody', requestId: 5, attemptId: 'local-gone', part: 'request' });
    assert.deepEqual(h.calls.slice(1), ['edit conv-8f3a2c', 'open local-t-1 response', 'compare local-t-1 conv-8f3a2c response']);
    const results = h.posted.filter((m) => m.type === 'actionResult');
    assert.deepEqual(results.map((m) => m.type === 'actionResult' && m.ok), [true, true, true, true, false]);
    assert.ok(results[3].type === 'actionResult' && results[3].message === 'Comparing the response bodies (both sent the same request body).');
  });

  it('compares the response bodies when the requests were the same, else the request bodies', () => {
    const sent = attemptOf(OK).conversation;
    assert.equal(partToCompare(sent, conversation()), 'response');
    assert.equal(partToCompare(attemptOf(OK, { body: '{"edited":true}' }).conversation, conversation()), 'request');
    assert.equal(partToCompare(sent, conversation({ response: null, error: 'timeout' })), 'request');
  });
});
