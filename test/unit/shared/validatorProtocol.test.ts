import { strict as assert } from 'assert';
import {
  isHostToWebviewMessage,
  isListWebhooksMessage,
  isReadyMessage,
  isValidateMessage,
  isVerdictMessage,
  isWebviewToHostMessage,
} from '../../../src/shared/validatorProtocol';
import { request } from '../core/validator/fixtures';


describe('protocol: guards for messages from the webview', () => {
  it('accepts well-formed messages', () => {
    assert.ok(isReadyMessage({ type: 'ready' }));
    assert.ok(isValidateMessage({ type: 'validate', requestId: 3, request: request() }));
    assert.ok(isValidateMessage({ type: 'validate', requestId: 0, request: request({ secret: { kind: 'pasted', secret: 's' } }) }));
    assert.ok(isValidateMessage({ type: 'validate', requestId: 0, request: request({ secret: { kind: 'none' } }) }));
    assert.ok(isListWebhooksMessage({ type: 'listWebhooks', requestId: 1 }));
    for (const m of [{ type: 'ready' }, { type: 'validate', requestId: 1, request: request() }, { type: 'listWebhooks', requestId: 2 }]) {
      assert.ok(isWebviewToHostMessage(m));
    }
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      [],
      { type: 'Ready' },
      { type: 'validate', requestId: 1 },
      { type: 'validate', requestId: -1, request: request() },
      { type: 'validate', requestId: 1.5, request: request() },
      { type: 'validate', requestId: '1', request: request() },
      { type: 'validate', requestId: 1, request: { ...request(), body: 3 } },
      { type: 'validate', requestId: 1, request: { ...request(), maxAgeSeconds: -5 } },
      { type: 'validate', requestId: 1, request: { ...request(), maxSkewSeconds: Infinity } },
      { type: 'validate', requestId: 1, request: { ...request(), ignoreTimestamp: 'yes' } },
      { type: 'validate', requestId: 1, request: { ...request(), secret: { kind: 'webhook', webhookId: '' } } },
      { type: 'validate', requestId: 1, request: { ...request(), secret: { kind: 'pasted' } } },
      { type: 'validate', requestId: 1, request: { ...request(), secret: { kind: 'env' } } },
      { type: 'listWebhooks' },
      { type: 'verdict', requestId: 1, verdict: {} },
    ];
    for (const m of bad) assert.equal(isWebviewToHostMessage(m), false, JSON.stringify(m));
  });
});

describe('protocol: guards for messages from the host', () => {
  it('rejects malformed ones', () => {
    const verdict = { delivery: { ok: true, summary: { source: 'raw-http', notes: [], headerCount: 1, bodyBytes: 2 } } };
    assert.ok(isVerdictMessage({ type: 'verdict', requestId: 1, verdict }));
    const bad: unknown[] = [
      { type: 'verdict', requestId: 1, verdict: { delivery: { ok: true } } },
      { type: 'verdict', requestId: 1, verdict: { delivery: { ok: false } } },
      { type: 'verdict', requestId: 1, verdict: { ...verdict, delivery: { ok: true, summary: { source: 'telepathy', notes: [], headerCount: 1, bodyBytes: 2 } } } },
      { type: 'verdict', requestId: 1, verdict: { ...verdict, signature: { valid: true, reason: 'fine', checks: [], hints: [], hintIds: [] } } },
      { type: 'verdict', requestId: 1, verdict: { ...verdict, signature: { valid: true, reason: 'ok', checks: [{ name: 'x', ok: 'yes', detail: '' }], hints: [], hintIds: [] } } },
      { type: 'init', webhookIds: ['a', 3], defaults: { maxAgeSeconds: 300, maxSkewSeconds: 60 } },
      { type: 'init', webhookIds: [] },
      { type: 'prefill', prefill: { delivery: 42 } },
      { type: 'webhooks', requestId: 1 },
      { type: 'ready' },
    ];
    for (const m of bad) assert.equal(isHostToWebviewMessage(m), false, JSON.stringify(m));
  });
});
