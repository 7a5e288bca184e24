import { strict as assert } from 'assert';
import { InspectorSession, type InspectorSessionDeps } from '../../../../src/core/inspector/session';
import type { Conversation } from '../../../../src/core/api/types';
import type { HostToInspectorMessage } from '../../../../src/shared/inspectorProtocol';
import { isHostToInspectorMessage } from '../../../../src/shared/inspectorProtocol';
import { verifySignature } from '../../../../src/core/validator/signature';
import { RUN_BODY, SECRET, SENT_MS, conversation } from './fixtures';

interface Harness {
  session: InspectorSession;
  posted: HostToInspectorMessage[];
  calls: string[];
  copied: string[];
  deps: InspectorSessionDeps;
}

function harness(overrides: Partial<InspectorSessionDeps> = {}): Harness {
  const posted: HostToInspectorMessage[] = [];
  const calls: string[] = [];
  const copied: string[] = [];
  const deps: InspectorSessionDeps = {
    post: (m) => posted.push(m),
    getSecret: async () => SECRET,
    openValidator: (text, webhookId) => calls.push(`validator ${webhookId} ${text.length > 0}`),
    trigger: async (webhookId) => {
      calls.push(`trigger ${webhookId}`);
      return conversation({ id: 'conv-new' });
    },
    pickConversationToCompare: async () => conversation({ id: 'conv-other' }),
    compareBodies: async (a, b, part) => calls.push(`compare ${a.id} ${b.id} ${part}`),
    openBody: async (c, part) => calls.push(`open ${c.id} ${part}`),
    copyText: async (text) => copied.push(text),
    showConversation: (c) => calls.push(`show ${c.id}`),
    now: () => SENT_MS + 60_000,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...overrides,
  };
  const session = new InspectorSession(deps);
  // the webview has loaded (a new one says so first; see the test of what happens before)
  void session.handle({ type: 'ready' });
  return { session, posted, calls, copied, deps };
}

const lastResult = (h: Harness) => {
  const m = h.posted.filter((p) => p.type === 'actionResult').at(-1);
  assert.ok(m && m.type === 'actionResult', 'no action result');
  return m;
};

describe('inspector session', () => {
  it('shows "loading", then the conversation with its verdict once the secret is fetched', async () => {
    const h = harness();
    await h.session.show(conversation());
    assert.deepEqual(h.posted.map((m) => m.type), ['loading', 'show']);
    const show = h.posted[1];
    assert.ok(show.type === 'show' && show.signature.state === 'verified' && show.signature.verdict.valid);
    assert.ok(h.posted.every(isHostToInspectorMessage), 'every posted message passes the webview guard');
  });

  it('posts nothing to a new webview before it is ready, then the conversation once (a big body is drawn once)', async () => {
    const posted: HostToInspectorMessage[] = [];
    const h = harness();
    const fresh = new InspectorSession({ ...h.deps, post: (m) => posted.push(m) });
    fresh.showLoading('Loading…');
    await fresh.show(conversation());
    assert.equal(posted.length, 0, 'VS Code would queue these until the webview loads, and ready would send them again');
    await fresh.handle({ type: 'ready' });
    assert.deepEqual(posted.map((m) => m.type), ['show']);
    await fresh.show(conversation({ id: 'next' }));
    assert.deepEqual(posted.map((m) => m.type), ['show', 'show'], 'once ready, each change is posted at once');
  });

  it('never posts the secret, even when a body contains it', async () => {
    const h = harness();
    await h.session.show(conversation({ body: `{"leak":"${SECRET}"}`, response: { status_code: 500, headers: { 'x-echo': SECRET }, body: SECRET } }));
    await h.session.handle({ type: 'copyCurl', requestId: 1, resign: true });
    await h.session.handle({ type: 'ready' });
    assert.ok(h.posted.length >= 4);
    for (const m of h.posted) assert.ok(!JSON.stringify(m).includes(SECRET), `${m.type} carries the secret`);
    assert.ok(JSON.stringify(h.posted.find((m) => m.type === 'show')).includes('[secret]'), 'shown as a mask');
  });

  it('drops a conversation whose secret arrives after another one was asked for', async () => {
    let release!: (s: string) => void;
    const slow = new Promise<string>((r) => (release = r));
    const h = harness({ getSecret: () => slow });
    const first = h.session.show(conversation({ id: 'first' }));
    h.deps.getSecret = async () => SECRET;
    const second = h.session.show(conversation({ id: 'second' }));
    release(SECRET);
    await Promise.all([first, second]);
    const shows = h.posted.filter((m) => m.type === 'show');
    assert.deepEqual(shows.map((m) => m.type === 'show' && m.conversation.conversationId), ['second']);
    assert.equal(h.session.conversation?.id, 'second');
  });

  it('says why there is no verdict when the secret cannot be fetched', async () => {
    const h = harness({ getSecret: async () => Promise.reject(new Error('403 forbidden')) });
    await h.session.show(conversation());
    const s = h.posted.at(-1);
    assert.ok(s?.type === 'show' && s.signature.state === 'unavailable' && s.signature.reason.includes('403 forbidden'));
  });

  it('re-sends everything when the webview reloads (ready), including a load error', async () => {
    const h = harness();
    await h.session.show(conversation());
    h.posted.length = 0;
    await h.session.handle({ type: 'ready' });
    assert.ok(h.posted[0]?.type === 'show' && h.posted[0].signature.state === 'verified');
    const failed = harness();
    failed.session.showLoadError('gone');
    await failed.session.handle({ type: 'ready' });
    assert.deepEqual(failed.posted.map((m) => m.type), ['loadError', 'loadError']);
  });

  it('copies a cURL command, and a re-signed one that verifies now', async () => {
    const h = harness();
    await h.session.show(conversation());
    await h.session.handle({ type: 'copyCurl', requestId: 7, resign: false });
    assert.equal(lastResult(h).requestId, 7);
    assert.ok(h.copied[0].includes(conversation().request!.headers['Nextmv-Signature']), 'original signature kept');
    await h.session.handle({ type: 'copyCurl', requestId: 8, resign: true });
    const result = lastResult(h);
    assert.deepEqual([result.requestId, result.ok], [8, true]);
    const header = /Nextmv-Signature: (t=\d+,v1=[0-9a-f]{64})/.exec(h.copied[1])?.[1];
    assert.ok(verifySignature({ header, body: RUN_BODY, secret: SECRET, now: SENT_MS + 60_000 }).valid);
    assert.ok(!h.copied[1].includes(SECRET));
  });

  it('refuses to re-sign without a secret, and copies nothing', async () => {
    const h = harness({ getSecret: async () => undefined });
    await h.session.show(conversation());
    await h.session.handle({ type: 'copyCurl', requestId: 1, resign: true });
    assert.equal(lastResult(h).ok, false);
    assert.equal(h.copied.length, 0);
  });

  it('routes every action to its dependency and answers with the request id', async () => {
    const h = harness();
    await h.session.show(conversation());
    const actions = [
      { type: 'openRequestBody', requestId: 1 },
      { type: 'openResponseBody', requestId: 2 },
      { type: 'openFullBody', requestId: 3, part: 'response' },
      { type: 'validate', requestId: 4 },
      { type: 'triggerAgain', requestId: 5 },
      { type: 'compareWith', requestId: 6 },
    ];
    for (const a of actions) await h.session.handle(a);
    assert.deepEqual(h.calls, [
      'open conv-8f3a2c request',
      'open conv-8f3a2c response',
      'open conv-8f3a2c response',
      'validator orders-prod true',
      'trigger orders-prod',
      'show conv-new',
      'compare conv-8f3a2c conv-other request',
    ]);
    const results = h.posted.filter((m) => m.type === 'actionResult');
    assert.deepEqual(results.map((m) => m.type === 'actionResult' && [m.requestId, m.ok]), actions.map((a) => [a.requestId, true]));
    const trigger = results[4];
    assert.ok(trigger.type === 'actionResult' && trigger.message === 'Triggered orders-prod: 200 OK.');
  });

  it('prefills the validator with the conversation JSON, exact body included', async () => {
    let prefill = '';
    const h = harness({ openValidator: (text) => (prefill = text) });
    await h.session.show(conversation());
    await h.session.handle({ type: 'validate', requestId: 1 });
    assert.equal((JSON.parse(prefill) as { request: { body: string } }).request.body, RUN_BODY);
  });

  it('turns failures into an error result, and ignores malformed messages', async () => {
    const errors: string[] = [];
    const h = harness({
      trigger: async () => Promise.reject(Object.assign(new Error('raw'), { userMessage: 'Triggering is not supported by this API.' })),
      log: { info: () => undefined, warn: (m) => errors.push(m), error: (m) => errors.push(m) },
    });
    await h.session.show(conversation());
    await h.session.handle({ type: 'triggerAgain', requestId: 3 });
    assert.deepEqual(lastResult(h), { type: 'actionResult', requestId: 3, ok: false, message: 'Triggering is not supported by this API.' });
    const before = h.posted.length;
    for (const bad of [null, 'ready', { type: 'copyCurl', requestId: 1 }, { type: 'openFullBody', requestId: 1, part: 'secret' }, { type: 'nope', requestId: 1 }, { type: 'validate', requestId: -1 }]) {
      await h.session.handle(bad);
    }
    assert.equal(h.posted.length, before, 'nothing answered');
    assert.equal(errors.length, 7);
  });

  it('Trigger Again that ends with nothing to show (cancelled, or told in a notification) answers ok without words', async () => {
    const h = harness({ trigger: async () => undefined });
    await h.session.show(conversation());
    await h.session.handle({ type: 'triggerAgain', requestId: 4 });
    assert.deepEqual(lastResult(h), { type: 'actionResult', requestId: 4, ok: true });
  });

  it('cannot open a response that does not exist', async () => {
    const h = harness();
    await h.session.show(conversation({ response: null, error: 'timeout' }) as Conversation);
    await h.session.handle({ type: 'openResponseBody', requestId: 1 });
    assert.equal(lastResult(h).ok, false);
    assert.equal(h.calls.length, 0);
  });
});
