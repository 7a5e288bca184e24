import { strict as assert } from 'assert';
import { buildConversationView } from '../../../../src/core/inspector/viewModel';
import { verifyConversation } from '../../../../src/core/inspector/verifyConversation';
import { DISPLAY_LIMIT_BYTES } from '../../../../src/core/inspector/truncate';
import { isConversationView, isSignatureView } from '../../../../src/shared/inspectorProtocol';
import { SECRET, SENT_MS, conversation } from './fixtures';

describe('inspector view model', () => {
  it('has the summary first: outcome in words, age, latency, endpoint, event, run', () => {
    const v = buildConversationView(conversation(), { nowMs: SENT_MS + 2 * 60_000, locale: 'en' });
    assert.deepEqual(v.outcome, { kind: 'success', word: '200', description: '200 OK', icon: 'pass' });
    assert.equal(v.title, '200 · run.status · conv-8f3a2c');
    assert.equal(v.sentAgo, '2 min. ago');
    assert.equal(v.latency, '42 ms');
    assert.equal(v.endpointUrl, 'https://example.com/hook');
    assert.equal(v.webhookId, 'orders-prod');
    assert.deepEqual(v.runStatus, { runId: 'run-123', applicationId: 'app-x', status: 'succeeded', text: 'run-123 · app-x · succeeded' });
    assert.ok(isConversationView(v), 'the view passes the protocol guard');
  });

  it('carries request and response with sorted headers and pretty bodies', () => {
    const v = buildConversationView(conversation(), { nowMs: SENT_MS });
    assert.deepEqual(v.request?.headers.map((h) => h.name), ['Content-Type', 'Nextmv-Signature', 'User-Agent']);
    assert.ok(v.request?.body.text.startsWith('{\n  "type": "run.status"'));
    assert.equal(v.request?.body.prettyPrinted, true);
    assert.equal(v.response?.status, '200 OK');
    assert.equal(v.response?.body.text, '{\n  "message": "Webhook received!"\n}');
  });

  it('shows the error when there was no response', () => {
    const v = buildConversationView(conversation({ response: null, error: 'connect ECONNREFUSED' }), { nowMs: SENT_MS });
    assert.equal(v.response, undefined);
    assert.equal(v.error, 'connect ECONNREFUSED');
    assert.deepEqual([v.outcome.word, v.outcome.description], ['error', 'Endpoint unreachable']);
  });

  it('truncates a 5 MB body to the display limit and says so', () => {
    const body = JSON.stringify({ data: 'x'.repeat(5 * 1024 * 1024) });
    const v = buildConversationView(conversation({ body }), { nowMs: SENT_MS });
    assert.equal(v.request?.body.truncated, true);
    assert.equal(v.request?.body.shownBytes, DISPLAY_LIMIT_BYTES);
    assert.equal(v.request?.body.totalSize, '5 MB');
    assert.equal(v.request?.body.shownSize, '256 KB');
    assert.equal(v.runStatus, undefined, 'no run summary is looked for in a huge body');
  });

  it('uses the webhook id given when the conversation has none', () => {
    const c = { ...conversation(), webhookId: undefined };
    assert.equal(buildConversationView(c, { nowMs: 0, webhookId: 'from-tree' }).webhookId, 'from-tree');
  });

  describe('signature', () => {
    it('is valid for a delivery signed with the secret, judged at the time it was sent', () => {
      const s = verifyConversation(conversation(), SECRET);
      assert.equal(s.state, 'verified');
      if (s.state !== 'verified') return;
      assert.equal(s.verdict.valid, true, s.verdict.hints.join(' '));
      assert.match(s.checkedAt, /time the request was sent \(2026-05-01T12:00:03Z\)/);
      assert.ok(isSignatureView(s));
    });

    it('is invalid with another secret, with checks and hints', () => {
      const s = verifyConversation(conversation({ signWith: 'another-secret-entirely' }), SECRET);
      assert.ok(s.state === 'verified' && !s.verdict.valid && s.verdict.reason === 'signature-mismatch');
      assert.ok(s.verdict.checks.length > 0 && s.verdict.hints.length > 0);
    });

    it('reads a millisecond t as milliseconds', () => {
      const s = verifyConversation(conversation({ t: String(SENT_MS) }), SECRET);
      assert.ok(s.state === 'verified' && s.verdict.valid && s.verdict.timestampUnit === 'milliseconds');
    });

    it('is unavailable without a secret or without a request, and never contains the secret', () => {
      assert.equal(verifyConversation(conversation(), undefined).state, 'unavailable');
      assert.equal(verifyConversation({ ...conversation(), request: undefined }, SECRET).state, 'unavailable');
      for (const c of [conversation(), conversation({ signWith: 'x' }), conversation({ headers: {} })]) {
        assert.ok(!JSON.stringify(verifyConversation(c, SECRET)).includes(SECRET));
      }
    });
  });
});
