// Bodies an endpoint (or a sender) controls: whatever their shape, the inspector, the body documents and
// the verifier answer with something to show — never an exception that leaves a panel on "Loading…".
import { strict as assert } from 'assert';
import { MAX_PRETTY_DEPTH, prettyPrintJson } from '../../../../src/core/inspector/prettyJson';
import { bodyDocumentContent } from '../../../../src/core/inspector/bodyDocument';
import { InspectorSession } from '../../../../src/core/inspector/session';
import type { HostToInspectorMessage } from '../../../../src/shared/inspectorProtocol';
import { signDelivery, verifySignature } from '../../../../src/core/validator/signature';
import { SECRET, SENT_MS, conversation } from './fixtures';

/** 10 KB that JSON.parse reads but JSON.stringify cannot write back (RangeError: call stack). */
const DEEP = '['.repeat(5000) + ']'.repeat(5000);

describe('hostile bodies: 5,000 levels of nested JSON', () => {
  it('JSON.parse reads it and JSON.stringify throws — the premise of these tests', () => {
    assert.doesNotThrow(() => JSON.parse(DEEP));
    assert.throws(() => JSON.stringify(JSON.parse(DEEP)), RangeError);
  });

  it('prettyPrintJson shows it as it is (undefined: not re-indented), without throwing', () => {
    assert.equal(prettyPrintJson(DEEP), undefined);
    assert.equal(prettyPrintJson(`{"a":${DEEP}}`), undefined);
  });

  it('re-indents up to MAX_PRETTY_DEPTH levels, no deeper', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    assert.ok(prettyPrintJson(nest(MAX_PRETTY_DEPTH))?.includes('\n'));
    assert.equal(prettyPrintJson(nest(MAX_PRETTY_DEPTH + 1)), undefined);
    assert.equal(prettyPrintJson(`{"a": ${nest(MAX_PRETTY_DEPTH + 1)}}`), undefined, 'the walk (not the native fast path) stops too');
    assert.ok(prettyPrintJson(`{"s": "${'['.repeat(500)}"}`)?.includes('\n'), 'brackets inside strings do not count');
  });

  it('a body document holds the exact text', () => {
    assert.deepEqual(bodyDocumentContent(DEEP), { text: DEEP, json: true });
  });

  it('the inspector shows the conversation with the raw response body, and answers every later "ready"', async () => {
    const posted: HostToInspectorMessage[] = [];
    const session = new InspectorSession({
      post: (m) => posted.push(m),
      getSecret: async () => SECRET,
      openValidator: () => undefined,
      trigger: async () => undefined,
      pickConversationToCompare: async () => undefined,
      compareBodies: async () => undefined,
      openBody: async () => undefined,
      copyText: async () => undefined,
      now: () => SENT_MS,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await session.handle({ type: 'ready' });
    await session.show(conversation({ response: { status_code: 200, headers: { 'content-type': 'application/json' }, body: DEEP } }));
    const show = posted.find((m) => m.type === 'show');
    assert.ok(show && show.type === 'show', `a show message was posted: ${posted.map((m) => m.type).join(', ')}`);
    assert.equal(show.conversation.response?.body.text, DEEP);
    assert.equal(show.conversation.response?.body.prettyPrinted, false);
    await session.handle({ type: 'ready' });
    assert.equal(posted.filter((m) => m.type === 'show').length, 2, 'a reloaded webview gets it again');
  });

  it('the verifier still says why a deep body does not match (no internal error)', () => {
    const t = String(Math.floor(SENT_MS / 1000));
    const header = signDelivery({ body: '[]', secret: SECRET, timestamp: t });
    const result = verifySignature({ header, body: DEEP, secret: SECRET, now: SENT_MS });
    assert.equal(result.reason, 'signature-mismatch', JSON.stringify(result.checks));
    assert.ok(!result.hintIds.includes('internal-error'));
    assert.equal(verifySignature({ header: signDelivery({ body: DEEP, secret: SECRET, timestamp: t }), body: DEEP, secret: SECRET, now: SENT_MS }).valid, true);
  });
});

describe('hostile conversations: a failure while showing one', () => {
  const quietDeps = (posted: HostToInspectorMessage[], errors: string[]) => ({
    post: (m: HostToInspectorMessage) => posted.push(m),
    getSecret: async () => SECRET,
    openValidator: () => undefined,
    trigger: async () => undefined,
    pickConversationToCompare: async () => undefined,
    compareBodies: async () => undefined,
    openBody: async () => undefined,
    copyText: async () => undefined,
    now: () => SENT_MS,
    log: { info: () => undefined, warn: () => undefined, error: (m: string) => errors.push(m) },
  });
  const broken = () => {
    const c = conversation();
    Object.defineProperty(c, 'response', { get: () => { throw new Error('boom'); } });
    return c;
  };

  it('shown before the webview is ready: its "ready" gets the error, and does not reject', async () => {
    const posted: HostToInspectorMessage[] = [];
    const errors: string[] = [];
    const session = new InspectorSession(quietDeps(posted, errors));
    await session.show(broken());
    await session.handle({ type: 'ready' });
    const last = posted.at(-1);
    assert.ok(last && last.type === 'loadError' && /could not be shown/i.test(last.message), JSON.stringify(posted));
    assert.equal(errors.length, 1);
  });

  it('ends in an error the panel shows (not "Loading…" forever), and later "ready" messages do not reject', async () => {
    const posted: HostToInspectorMessage[] = [];
    const errors: string[] = [];
    const session = new InspectorSession({
      post: (m) => posted.push(m),
      getSecret: async () => SECRET,
      openValidator: () => undefined,
      trigger: async () => undefined,
      pickConversationToCompare: async () => undefined,
      compareBodies: async () => undefined,
      openBody: async () => undefined,
      copyText: async () => undefined,
      now: () => SENT_MS,
      log: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
    });
    await session.handle({ type: 'ready' });
    const broken = conversation();
    Object.defineProperty(broken, 'response', { get: () => { throw new Error('boom'); } });
    await session.show(broken);
    const last = posted.at(-1);
    assert.ok(last && last.type === 'loadError' && /could not be shown/i.test(last.message), JSON.stringify(last));
    assert.equal(errors.length, 1);
    await session.handle({ type: 'ready' });
    assert.equal(posted.at(-1)?.type, 'loadError');
  });
});
