import { strict as assert } from 'assert';
import {
  isHostToWebviewMessage,
  isInitMessage,
  isPrefillMessage,
  isWebhooksMessage,
  isVerdictMessage,
  type HostToWebviewMessage,
  type ValidateRequest,
  type VerdictMessage,
} from '../../../../src/shared/validatorProtocol';
import { ValidatorSession, buildVerdict, toSignatureVerdict, validatorOptionsFromArg, type ValidatorSessionDeps } from '../../../../src/core/validator/session';
import { signDelivery, verifySignature } from '../../../../src/core/validator/signature';
import { BODY, NOW, SECRETS, request } from './fixtures';


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

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

function assertNoSecretPosted(posted: readonly HostToWebviewMessage[]): void {
  const text = JSON.stringify(posted);
  for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), 'a webhook secret was posted to the webview');
}

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

  it('scrubs a secret echoed in a prefilled delivery (the inspector\'s "Validate…"), before and after the webview is ready', async () => {
    // an endpoint that echoes the secret back in its response; the inspector prefills the whole conversation
    const conversationJson = JSON.stringify({ id: 'conv-1', response: { status_code: 200, body: `{"echo":"${SECRETS['orders-prod']}"}` } }, null, 2);
    const { session, posted } = harness();
    session.open({ preselectWebhookId: 'orders-prod', prefill: { delivery: conversationJson } });
    await session.handle({ type: 'ready' });
    const init = posted.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init' && init.prefill?.delivery?.includes('[secret]'), JSON.stringify(init));
    session.open({ preselectWebhookId: 'orders-prod', prefill: { delivery: conversationJson } });
    await waitUntil(() => posted.some((m) => m.type === 'prefill'));
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

describe('validator session: what it posts passes the webview guards', () => {
  it('accepts every message the session actually posts', async () => {
    const { session, posted, verdictOf } = harness();
    await session.handle({ type: 'ready' });
    await verdictOf(request());
    await verdictOf(request({ secret: { kind: 'pasted', secret: 'wrong-secret-here' } }), 2);
    await verdictOf(request({ delivery: 'HTTP/1.1 200 OK\n\nx' }), 3);
    await session.handle({ type: 'listWebhooks', requestId: 4 });
    session.open({ preselectWebhookId: 'billing-dev', prefill: { body: BODY } });
    await waitUntil(() => posted.length === 6);
    assert.deepEqual(posted.map((m) => m.type), ['init', 'verdict', 'verdict', 'verdict', 'webhooks', 'prefill']);
    for (const m of posted) assert.ok(isHostToWebviewMessage(m), JSON.stringify(m));
    assert.ok(isInitMessage(posted[0]) && isWebhooksMessage(posted[4]) && isPrefillMessage(posted[5]));
  });

});
