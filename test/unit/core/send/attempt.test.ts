import { strict as assert } from 'assert';
import { conversationOutcome, conversationStatusLabel } from '../../../../src/core/api/types';
import { attemptSucceeded, attemptSummary, isLocalAttemptId } from '../../../../src/core/send/attempt';
import { AttemptLog, MAX_KEPT_ATTEMPTS, MAX_LISTED_PER_DELIVERY } from '../../../../src/core/send/attempts';
import { latencyMs } from '../../../../src/core/inspector/format';
import { conversation } from '../inspector/fixtures';
import { NOW, OK, attemptOf } from './fixtures';

describe('a local attempt', () => {
  it('is a conversation too: what was sent, the answer, and the times', () => {
    const a = attemptOf(OK);
    assert.ok(isLocalAttemptId(a.id) && !isLocalAttemptId('conv-8f3a2c'));
    assert.equal(a.sourceConversationId, 'conv-8f3a2c');
    assert.equal(a.conversation.id, a.id);
    assert.equal(a.conversation.eventType, 'run.status');
    assert.equal(a.conversation.request?.body, conversation().request?.body);
    assert.equal(a.conversation.request?.headers['Nextmv-Signature'], a.conversation.request?.headers['Nextmv-Signature']);
    assert.equal(a.conversation.request?.sentAt, new Date(NOW).toISOString());
    assert.equal(a.conversation.response?.statusCode, 200);
    assert.equal(latencyMs(a.conversation), 12);
    assert.deepEqual(a.notes, ['The recorded body, byte for byte.']);
    assert.equal(attemptSummary(a), '200 OK (12 ms)');
    assert.equal(attemptSucceeded(a), true);
    assert.equal((a.conversation.raw as { request: { body: string } }).request.body, a.conversation.request?.body, 'raw has the API shape');
  });

  it('a 401 and a redirect are answers; the redirect is said to be not followed', () => {
    const refused = attemptOf({ kind: 'answered', status: 401, headers: {}, body: 'Unauthorized: Invalid signature', latencyMs: 3 });
    assert.equal(attemptSummary(refused), '401 Unauthorized (3 ms)');
    assert.equal(attemptSucceeded(refused), false);
    const moved = attemptOf({ kind: 'answered', status: 302, headers: { location: 'https://elsewhere.example/x' }, body: '', latencyMs: 2 });
    assert.equal(attemptSummary(moved), '302 Found: a redirect to https://elsewhere.example/x, not followed (2 ms)');
    assert.match(moved.notes[0], /redirect to https:\/\/elsewhere\.example\/x\. It was not followed/);
  });

  it('no answer: the error line is the outcome, "timeout" or "error" the status word', () => {
    const down = attemptOf({ kind: 'failed', error: 'error: could not connect to localhost:8000: connection refused (ECONNREFUSED).', timedOut: false, latencyMs: 1 });
    assert.equal(down.conversation.response, undefined);
    assert.equal(conversationStatusLabel(down.conversation), 'error');
    assert.equal(attemptSummary(down), 'error: could not connect to localhost:8000: connection refused (ECONNREFUSED).');
    const slow = attemptOf({ kind: 'failed', error: 'timeout: localhost:8000 did not answer within 30 s; nothing was retried.', timedOut: true, latencyMs: 30_000 });
    assert.equal(conversationOutcome(slow.conversation), 'timeout');
  });

  it('a body from elsewhere names its event type from the JSON, and says it is not from a delivery', () => {
    const a = attemptOf(OK, { fromDelivery: false, body: '{"event_type":"run.status","data":{}}' });
    assert.equal(a.sourceConversationId, undefined);
    assert.equal(a.conversation.eventType, 'run.status');
    assert.equal(a.edited, true);
    assert.match(a.notes[0], /not from a recorded delivery/);
  });
});

describe('the session log of local attempts', () => {
  it('lists a delivery’s attempts newest first, a few per delivery, and keeps the most recent overall', () => {
    const log = new AttemptLog();
    const added: string[] = [];
    const stop = log.onDidAdd((a) => added.push(a.id));
    for (let i = 1; i <= MAX_LISTED_PER_DELIVERY + 2; i++) log.add(attemptOf(OK, { id: `local-t-${i}` }));
    log.add(attemptOf(OK, { id: 'local-other', fromDelivery: false }));
    assert.equal(added.length, MAX_LISTED_PER_DELIVERY + 3);
    const listed = log.forDelivery('conv-8f3a2c').map((a) => a.id);
    assert.equal(listed.length, MAX_LISTED_PER_DELIVERY);
    assert.equal(listed[0], `local-t-${MAX_LISTED_PER_DELIVERY + 2}`);
    assert.equal(log.get('local-other')?.id, 'local-other');
    assert.deepEqual(log.forDelivery('local-other'), []);
    stop();
    for (let i = 0; i < MAX_KEPT_ATTEMPTS; i++) log.add(attemptOf(OK, { id: `local-more-${i}` }));
    assert.equal(log.size, MAX_KEPT_ATTEMPTS);
    assert.equal(log.get('local-t-1'), undefined, 'the oldest went first');
    assert.equal(added.length, MAX_LISTED_PER_DELIVERY + 3, 'no more calls after unsubscribing');
  });
});
