import { strict as assert } from 'assert';
import {
  isHostToWebviewMessage,
  isInitMessage,
  isListWebhooksMessage,
  isPrefillMessage,
  isReadyMessage,
  isValidateMessage,
  isVerdictMessage,
  isWebhooksMessage,
  isWebviewToHostMessage,
  type HostToWebviewMessage,
  type ValidateRequest,
  type VerdictMessage,
} from '../../../src/shared/validatorProtocol';
import { ValidatorSession, buildVerdict, toSignatureVerdict, validatorOptionsFromArg, type ValidatorSessionDeps } from '../../../src/core/validator/session';
import { signDelivery, verifySignature } from '../../../src/core/validator/signature';

const SECRETS: Record<string, string> = { 'orders-prod': 'whsec-orders-prod-0123456789', 'billing-dev': 'whsec-billing-dev-9876543210' };
const BODY = '{"type":"run.status","data":{"run_id":"run-1","status_v2":"succeeded"}}';
const NOW = 1_777_636_803_000;

function request(over: Partial<ValidateRequest> = {}): ValidateRequest {
  const header = signDelivery({ body: BODY, secret: SECRETS['orders-prod'], timestamp: NOW / 1000 });
  return {
    delivery: `POST /hook HTTP/1.1\nNextmv-Signature: ${header}\n\n${BODY}`,
    signatureHeader: '',
    body: '',
    secret: { kind: 'webhook', webhookId: 'orders-prod' },
    maxAgeSeconds: 300,
    maxSkewSeconds: 60,
    ignoreTimestamp: false,
    ...over,
  };
}

/** A session wired to fakes, recording what it posts and how often secrets are fetched. */
function harness(over: Partial<ValidatorSessionDeps> = {}) {
  const posted: HostToWebviewMessage[] = [];
  const fetched: string[] = [];
  const logged: string[] = [];
  const session = new ValidatorSession({
    post: (m) => posted.push(m),
    listWebhookIds: () => Promise.resolve(Object.keys(SECRETS)),
    getWebhookSecret: (id) => {
      fetched.push(id);
      return id in SECRETS ? Promise.resolve(SECRETS[id]) : Promise.reject(new Error(`no webhook ${id}`));
    },
    now: () => NOW,
    log: (m) => logged.push(m),
    ...over,
  });
  const verdictOf = async (req: ValidateRequest, requestId = 1) => {
    await session.handle({ type: 'validate', requestId, request: req });
    const m = posted.at(-1);
    assert.ok(m && isVerdictMessage(m), `expected a verdict, got ${JSON.stringify(m)}`);
    assert.equal(m.requestId, requestId, 'the request id is echoed');
    return (m as VerdictMessage).verdict;
  };
  return { session, posted, fetched, logged, verdictOf };
}

function assertNoSecretPosted(posted: readonly HostToWebviewMessage[]): void {
  const text = JSON.stringify(posted);
  for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), 'a webhook secret was posted to the webview');
}

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
  it('accepts every message the session actually posts', async () => {
    const { session, posted, verdictOf } = harness();
    await session.handle({ type: 'ready' });
    await verdictOf(request());
    await verdictOf(request({ secret: { kind: 'pasted', secret: 'wrong-secret-here' } }), 2);
    await verdictOf(request({ delivery: 'HTTP/1.1 200 OK\n\nx' }), 3);
    await session.handle({ type: 'listWebhooks', requestId: 4 });
    session.open({ preselectWebhookId: 'billing-dev', prefill: { body: BODY } });
    assert.deepEqual(posted.map((m) => m.type), ['init', 'verdict', 'verdict', 'verdict', 'webhooks', 'prefill']);
    for (const m of posted) assert.ok(isHostToWebviewMessage(m), JSON.stringify(m));
    assert.ok(isInitMessage(posted[0]) && isWebhooksMessage(posted[4]) && isPrefillMessage(posted[5]));
  });

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

describe('validator session (extension host side, without VS Code)', () => {
  it('answers ready with the webhook ids, defaults and pending open options', async () => {
    const { session, posted } = harness();
    session.open({ preselectWebhookId: 'billing-dev', prefill: { delivery: 'x' } });
    assert.equal(posted.length, 0, 'nothing is posted before the webview is ready');
    await session.handle({ type: 'ready' });
    assert.deepEqual(posted, [
      { type: 'init', webhookIds: ['orders-prod', 'billing-dev'], preselectWebhookId: 'billing-dev', prefill: { delivery: 'x' }, defaults: { maxAgeSeconds: 300, maxSkewSeconds: 60 } },
    ]);
  });

  it('validates with a webhook secret fetched in the host, which never reaches the webview', async () => {
    const { session, posted, verdictOf } = harness();
    await session.handle({ type: 'ready' });
    const ok = await verdictOf(request());
    assert.equal(ok.signature?.valid, true);
    assert.equal(ok.secretLabel, 'the secret of webhook "orders-prod"');
    assert.ok(ok.delivery.ok && ok.delivery.summary.source === 'raw-http' && ok.delivery.summary.bodyBytes === BODY.length);
    const wrong = await verdictOf(request({ secret: { kind: 'webhook', webhookId: 'billing-dev' } }), 2);
    assert.equal(wrong.signature?.reason, 'signature-mismatch');
    assert.ok(wrong.signature?.hintIds.includes('other-webhook-secret'));
    assert.match(wrong.signature?.hints.join(' ') ?? '', /webhook "orders-prod" matches/);
    assertNoSecretPosted(posted);
  });

  it('masks a secret even where the delivery itself contains it', async () => {
    const { posted, verdictOf } = harness();
    const body = JSON.stringify({ leaked: SECRETS['orders-prod'] });
    const header = signDelivery({ body, secret: SECRETS['orders-prod'], timestamp: NOW / 1000 });
    const v = await verdictOf(request({ delivery: body, signatureHeader: header }));
    assert.equal(v.signature?.valid, true);
    assert.match(v.signature?.signedPayloadPreview ?? '', /\[secret\]/);
    assertNoSecretPosted(posted);
  });

  it('caches fetched secrets for the panel, but not failed fetches', async () => {
    let failures = 1;
    const { fetched, verdictOf } = harness({
      getWebhookSecret: (id) => {
        fetched.push(id);
        if (failures-- > 0) return Promise.reject(new Error('network down'));
        return Promise.resolve(SECRETS[id]);
      },
      matchOtherWebhooks: false,
    });
    const failed = await verdictOf(request());
    assert.equal(failed.signature, undefined);
    assert.match(failed.secretError ?? '', /Could not fetch the secret of webhook "orders-prod": network down/);
    for (let i = 2; i < 5; i++) assert.equal((await verdictOf(request(), i)).signature?.valid, true);
    assert.deepEqual(fetched, ['orders-prod', 'orders-prod']);
  });

  it('uses a pasted secret, and asks for one when there is none', async () => {
    const { verdictOf, fetched } = harness();
    const pasted = await verdictOf(request({ secret: { kind: 'pasted', secret: SECRETS['orders-prod'] } }));
    assert.equal(pasted.signature?.valid, true);
    assert.equal(pasted.secretLabel, 'the pasted secret');
    assert.deepEqual(fetched, []);
    const none = await verdictOf(request({ secret: { kind: 'none' } }), 2);
    assert.equal(none.signature, undefined);
    assert.match(none.secretError ?? '', /choose a Webhook, or paste its signing Secret/);
    const empty = await verdictOf(request({ secret: { kind: 'pasted', secret: '' } }), 3);
    assert.ok(empty.secretError);
  });

  it('passes the tolerance settings through', async () => {
    const { verdictOf } = harness({ now: () => NOW + 400_000 });
    assert.equal((await verdictOf(request())).signature?.reason, 'timestamp-too-old');
    assert.equal((await verdictOf(request({ maxAgeSeconds: 500 }), 2)).signature?.reason, 'ok');
    assert.equal((await verdictOf(request({ ignoreTimestamp: true }), 3)).signature?.reason, 'ok');
  });

  it('reports a delivery it cannot read without verifying', async () => {
    const { verdictOf, fetched } = harness();
    const v = await verdictOf(request({ delivery: 'HTTP/1.1 500 Oops\n\n' }));
    assert.equal(v.delivery.ok, false);
    assert.ok(!v.delivery.ok && /HTTP response/.test(v.delivery.error));
    assert.equal(v.signature, undefined);
    assert.deepEqual(fetched, []);
  });

  it('survives a failing webhook list: init still comes, with the error', async () => {
    const { session, posted } = harness({ listWebhookIds: () => Promise.reject(new Error('Set an API key first')) });
    await session.handle({ type: 'ready' });
    assert.ok(isInitMessage(posted[0]));
    assert.deepEqual(posted[0].type === 'init' && posted[0].webhookIds, []);
    assert.match(posted[0].type === 'init' ? (posted[0].webhookListError ?? '') : '', /Could not list webhooks: Set an API key first/);
  });

  it('ignores and logs messages that fail the guards', async () => {
    const { session, posted, logged } = harness();
    await session.handle({ type: 'validate', requestId: 1, request: { delivery: 1 } });
    await session.handle('hello');
    assert.equal(posted.length, 0);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /unexpected message.*type "validate"/);
  });
});

describe('validator: helpers', () => {
  it('buildVerdict copies only whitelisted fields of the engine result', async () => {
    const result = { ...verifySignature({ header: 't=1,v1=2', body: '', secret: 'x' }), secretUsed: 'x' };
    const copy = toSignatureVerdict(result);
    assert.equal('secretUsed' in copy, false);
    assert.deepEqual(copy.hintIds, result.hintIds);
    const v = await buildVerdict(request({ secret: { kind: 'pasted', secret: SECRETS['orders-prod'] } }), { getSecret: () => Promise.reject(new Error('unused')), now: () => NOW });
    assert.equal(v.signature?.valid, true);
  });

  it('validatorOptionsFromArg reads the command argument of the palette, the tree and other callers', () => {
    assert.deepEqual(validatorOptionsFromArg(undefined), {});
    assert.deepEqual(validatorOptionsFromArg('orders-prod'), { preselectWebhookId: 'orders-prod' });
    assert.deepEqual(validatorOptionsFromArg({ kind: 'webhook', webhook: { id: 'a' } }), { preselectWebhookId: 'a' });
    assert.deepEqual(validatorOptionsFromArg({ webhookId: 'b', id: 'conv-1' }), { preselectWebhookId: 'b' });
    assert.deepEqual(validatorOptionsFromArg({ preselectWebhookId: 'c', prefill: { delivery: 'd', body: 3 } }), { preselectWebhookId: 'c', prefill: { delivery: 'd' } });
    assert.deepEqual(validatorOptionsFromArg({ kind: 'message', id: 'error:list', parentWebhookId: 'w' }), { preselectWebhookId: 'w' });
    assert.deepEqual(validatorOptionsFromArg({ kind: 'message', id: 'error:list' }), {});
    assert.deepEqual(validatorOptionsFromArg([1, 2]), {});
  });
});
