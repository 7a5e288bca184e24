import { strict as assert } from 'assert';
import {
  isHostToInspectorMessage,
  isInspectorState,
  isInspectorToHostMessage,
} from '../../../../src/shared/inspectorProtocol';
import { buildConversationView } from '../../../../src/core/inspector/viewModel';
import { bodyDocumentContent, bodyDocumentPath, parseBodyDocumentPath } from '../../../../src/core/inspector/bodyDocument';
import { conversation } from './fixtures';

describe('inspector protocol guards', () => {
  it('accept every webview → host message, with request ids where an answer is expected', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'openRequestBody', requestId: 0 },
      { type: 'openResponseBody', requestId: 1 },
      { type: 'copyCurl', requestId: 2, resign: true },
      { type: 'validate', requestId: 3 },
      { type: 'triggerAgain', requestId: 4 },
      { type: 'compareWith', requestId: 5 },
      { type: 'openFullBody', requestId: 6, part: 'request' },
      { type: 'sendAgain', requestId: 7 },
      { type: 'editAndSend', requestId: 8 },
      { type: 'openAttemptBody', requestId: 9, attemptId: 'local-x-1', part: 'response' },
      { type: 'compareAttempt', requestId: 10, attemptId: 'local-x-1' },
    ]) {
      assert.ok(isInspectorToHostMessage(m), JSON.stringify(m));
    }
  });

  it('reject malformed webview messages', () => {
    for (const m of [undefined, [], { type: 'copyCurl', requestId: 1, resign: 'yes' }, { type: 'validate' }, { type: 'validate', requestId: 1.5 }, { type: 'openFullBody', requestId: 1 }, { type: 'getSecret', requestId: 1 },
      { type: 'sendAgain' }, { type: 'openAttemptBody', requestId: 1, attemptId: 'a' }, { type: 'openAttemptBody', requestId: 1, attemptId: 2, part: 'request' }, { type: 'compareAttempt', requestId: 1 }]) {
      assert.ok(!isInspectorToHostMessage(m), JSON.stringify(m));
    }
  });

  it('accept what the host sends and reject look-alikes', () => {
    const view = buildConversationView(conversation(), { nowMs: 0 });
    assert.ok(isHostToInspectorMessage({ type: 'show', conversation: view, signature: { state: 'unavailable', reason: 'no secret' } }));
    assert.ok(isHostToInspectorMessage({ type: 'actionResult', requestId: 1, ok: true }));
    assert.ok(!isHostToInspectorMessage({ type: 'show', conversation: { ...view, outcome: { ...view.outcome, kind: 'fine' } }, signature: { state: 'unavailable', reason: '' } }));
    assert.ok(!isHostToInspectorMessage({ type: 'show', conversation: view, signature: { state: 'verified' } }));
    assert.ok(!isHostToInspectorMessage({ type: 'actionResult', requestId: 1, ok: true, message: 5 }));
    const attempt = { attemptId: 'local-1', target: 'http://localhost/', unit: 'seconds', edited: false, notes: [], summary: '200 OK (1 ms)', conversation: view, signature: { state: 'unavailable', reason: 'x' } };
    assert.ok(isHostToInspectorMessage({ type: 'localAttempts', conversationId: 'c', attempts: [attempt] }));
    assert.ok(!isHostToInspectorMessage({ type: 'localAttempts', conversationId: 'c', attempts: [{ ...attempt, unit: 'minutes' }] }));
    assert.ok(!isHostToInspectorMessage({ type: 'localAttempts', conversationId: 'c', attempts: [{ ...attempt, notes: [1] }] }));
    assert.ok(!isHostToInspectorMessage({ type: 'localAttempts', attempts: [] }));
  });

  it('validate the saved state the serializer restores from', () => {
    assert.ok(isInspectorState({ webhookId: 'w', conversationId: 'c', scrollY: 10 }));
    assert.ok(!isInspectorState({ webhookId: 'w', conversationId: '' }));
    assert.ok(!isInspectorState(null));
  });
});

describe('inspector body documents', () => {
  it('round-trips ids through the URI path, escaping what needs it', () => {
    const ref = { webhookId: 'orders prod/1', conversationId: 'conv-%41', part: 'response' as const };
    const path = bodyDocumentPath(ref, true);
    assert.equal(path, '/orders%20prod%2F1/conv-%2541/response.json');
    assert.deepEqual(parseBodyDocumentPath(path), ref);
    assert.equal(parseBodyDocumentPath('/a/b/secret.json'), undefined);
    assert.equal(parseBodyDocumentPath('/a/%E0%A4%A/request.txt'), undefined);
  });

  it('holds pretty JSON or the exact text, and says which', () => {
    assert.deepEqual(bodyDocumentContent('{"a":1}'), { text: '{\n  "a": 1\n}', json: true });
    assert.deepEqual(bodyDocumentContent('a\r\nb'), { text: 'a\r\nb', json: false });
    assert.deepEqual(bodyDocumentContent('12'), { text: '12', json: true });
  });
});
