/** Lenient parsing: every list envelope, unknown fields kept, unknown event types shown, bad shapes typed. */
import { strict as assert } from 'assert';
import {
  conversationOutcome,
  conversationStatusLabel,
  isInvalidResponseError,
  parseConversation,
  parseConversationPage,
  parseSecret,
  parseWebhook,
  parseWebhookPage,
  sortNewestFirst,
  webhookChangedSince,
  webhookToWire,
  type Conversation,
} from '../../../../src/core/api';

const hook = (id: string, extra: Record<string, unknown> = {}) => ({ id, event_types: ['run.status'], endpoint_url: `https://${id}.example.com/`, description: '', ...extra });

describe('API types and parsers', () => {
  describe('list envelopes', () => {
    const cases: [string, unknown, string[], string | undefined][] = [
      ['{"items": […]}', { items: [hook('a'), hook('b')] }, ['a', 'b'], undefined],
      ['a bare array', [hook('a')], ['a'], undefined],
      ['{"webhooks": […]}', { webhooks: [hook('a')], next_page_token: 'p2' }, ['a'], 'p2'],
      ['{"runs": […]}-style with cursor', { runs: [hook('a')], cursor: 'c2' }, ['a'], 'c2'],
      ['{"data": […], "next": "/v1/…"}', { data: [hook('a')], next: '/v1/webhooks?cursor=x' }, ['a'], '/v1/webhooks?cursor=x'],
      ['one array under an unknown name', { hooks: [hook('z')], total: 1 }, ['z'], undefined],
      ['null', null, [], undefined],
      ['{"items": null}', { items: null }, [], undefined],
      ['an empty object', {}, [], undefined],
      ['a null cursor', { items: [hook('a')], next_page_token: null }, ['a'], undefined],
      ['an empty-string cursor', { items: [hook('a')], next_page_token: '' }, ['a'], undefined],
    ];
    for (const [name, body, ids, cursor] of cases) {
      it(`accepts ${name}`, () => {
        const page = parseWebhookPage(body);
        assert.deepEqual(
          page.items.map((w) => w.id),
          ids,
        );
        assert.equal(page.nextCursor, cursor);
      });
    }
    it('rejects what is no list at all, with a typed error', () => {
      for (const body of ['text', 42, { a: [1], b: [2] }]) {
        assert.throws(() => parseWebhookPage(body), (e) => isInvalidResponseError(e));
      }
    });
    it('leaves out unusable entries and counts them, keeping the rest', () => {
      const page = parseWebhookPage({ items: [hook('a'), { description: 'no id' }, 'junk', null, hook('b')] });
      assert.deepEqual(
        page.items.map((w) => w.id),
        ['a', 'b'],
      );
      assert.equal(page.skipped, 3);
      assert.equal(parseWebhookPage([hook('a')]).skipped, undefined);
    });
    it('conversations accept the same envelopes', () => {
      assert.equal(parseConversationPage({ conversations: [{ id: 'c1' }] }).items[0].id, 'c1');
      assert.equal(parseConversationPage([{ id: 'c1' }, { id: 'c2' }]).items.length, 2);
    });
  });

  describe('webhooks', () => {
    it('keeps unknown fields and sends them back on update', () => {
      const w = parseWebhook(hook('a', { labels: { team: 'ops' }, enabled: false, created_at: '2026-05-01T12:00:00Z' }));
      assert.equal(w.createdAt, '2026-05-01T12:00:00Z');
      assert.deepEqual(w.raw.labels, { team: 'ops' });
      const wire = webhookToWire({ ...w, description: 'new', eventTypes: ['run.status'] });
      assert.deepEqual(wire.labels, { team: 'ops' });
      assert.equal(wire.enabled, false);
      assert.equal(wire.description, 'new');
      assert.equal(wire.created_at, '2026-05-01T12:00:00Z');
    });
    it('the edited fields win over the raw ones', () => {
      const w = parseWebhook(hook('a'));
      const wire = webhookToWire({ ...w, endpointUrl: 'https://changed.example.com/' });
      assert.equal(wire.endpoint_url, 'https://changed.example.com/');
    });
    it('shows unknown event types instead of failing', () => {
      const w = parseWebhook(hook('a', { event_types: ['run.status', 'run.created', 7] }));
      assert.deepEqual(w.eventTypes, ['run.status', 'run.created']);
    });
    it('changedSince: by updated_at when both have one, else by the whole object, key order and all nesting aside', () => {
      const at = (t: string, extra: Record<string, unknown> = {}) => parseWebhook(hook('a', { updated_at: t, ...extra }));
      assert.equal(webhookChangedSince(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z', { description: 'same time' })), false, 'same updated_at');
      assert.equal(webhookChangedSince(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z')), true, 'a later updated_at');
      const loaded = parseWebhook(hook('a', { labels: { team: 'ops', tier: 1 }, list: [1, { x: 2 }] }));
      const reordered = parseWebhook({ list: [1, { x: 2 }], labels: { tier: 1, team: 'ops' }, description: '', endpoint_url: 'https://a.example.com/', event_types: ['run.status'], id: 'a' });
      assert.equal(webhookChangedSince(loaded, reordered), false, 'no updated_at, same object in another key order');
      assert.equal(webhookChangedSince(loaded, parseWebhook(hook('a', { labels: { team: 'ops', tier: 2 }, list: [1, { x: 2 }] }))), true, 'a nested value changed');
      assert.equal(webhookChangedSince(loaded, parseWebhook(hook('a', { labels: { team: 'ops', tier: 1 }, list: [{ x: 2 }, 1] }))), true, 'array order counts');
      assert.equal(webhookChangedSince(loaded, parseWebhook(hook('a', { labels: { team: 'ops', tier: 1 }, list: [1, { x: 2 }], extra: null }))), true, 'a field added');
      assert.equal(webhookChangedSince(at('2026-01-01T00:00:00Z'), parseWebhook(hook('a', { description: 'x' }))), true, 'updated_at gone, object differs');
    });
    it('defaults missing optional fields; a webhook without id is a typed error', () => {
      const w = parseWebhook({ id: 'bare' });
      assert.deepEqual([w.eventTypes, w.endpointUrl, w.description, w.createdAt], [[], '', '', undefined]);
      assert.throws(() => parseWebhook({ endpoint_url: 'x' }), (e) => isInvalidResponseError(e));
      assert.throws(() => parseWebhook('orders'), (e) => isInvalidResponseError(e));
    });
  });

  describe('conversations', () => {
    const documented = {
      id: 'conv-8f3a2c',
      webhook_id: 'orders-prod',
      event_type: 'run.status',
      created_at: '2026-05-01T12:00:03Z',
      request: { url: 'https://example.com/hook', method: 'POST', headers: { 'Content-Type': 'application/json', 'Nextmv-Signature': 't=1777636803,v1=5b1c' }, body: '{"type":"run.status"}', sent_at: '2026-05-01T12:00:03Z' },
      response: { status_code: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"Webhook received!"}', received_at: '2026-05-01T12:00:03.042Z' },
      error: null,
      duration_ms: 42,
    };
    it('parses the documented example, keeping unknown fields', () => {
      const c = parseConversation(documented);
      assert.equal(c.webhookId, 'orders-prod');
      assert.equal(c.request?.headers['Nextmv-Signature'], 't=1777636803,v1=5b1c');
      assert.equal(c.request?.body, '{"type":"run.status"}');
      assert.equal(c.response?.statusCode, 200);
      assert.equal(c.response?.receivedAt, '2026-05-01T12:00:03.042Z');
      assert.equal(c.error, undefined);
      assert.equal(c.raw.duration_ms, 42);
      assert.equal(conversationStatusLabel(c), '200');
    });
    it('a conversation without event_type takes the type from its body: "type" or "event_type", unknown fields ignored', () => {
      const { event_type: _omitted, ...untyped } = documented;
      const withBody = (body: string) => parseConversation({ ...untyped, request: { ...documented.request, body } });
      assert.equal(withBody('{"type":"run.status","data":{"run_id":"r"},"extra":{"x":1}}').eventType, 'run.status');
      assert.equal(withBody('{"event_type":"run.status","data":{"run_id":"r"}}').eventType, 'run.status');
      assert.equal(withBody('not json').eventType, undefined);
      assert.equal(withBody('["run.status"]').eventType, undefined);
      assert.equal(withBody(`{"type":"run.status","pad":"${'x'.repeat(70_000)}"}`).eventType, undefined, 'a huge body is not parsed for this');
      assert.equal(parseConversation({ ...documented, event_type: 'run.other' }).eventType, 'run.other', "the conversation's own field wins");
    });
    it('no response: error or timeout by the error text', () => {
      const unreachable = parseConversation({ ...documented, response: null, error: 'unreachable: connect ECONNREFUSED 10.0.0.1:443' });
      assert.equal(unreachable.response, undefined);
      assert.equal(conversationStatusLabel(unreachable), 'error');
      const timeout = parseConversation({ ...documented, response: null, error: 'timeout: no response within 10000 ms' });
      assert.equal(conversationStatusLabel(timeout), 'timeout');
      assert.equal(conversationOutcome(parseConversation({ ...documented, response: null, error: 'request timed out' })), 'timeout');
    });
    it('status classes', () => {
      const withStatus = (s: number) => parseConversation({ ...documented, response: { ...documented.response, status_code: s } });
      assert.deepEqual(
        [204, 401, 404, 500, 503].map((s) => [conversationStatusLabel(withStatus(s)), conversationOutcome(withStatus(s))]),
        [
          ['204', 'success'],
          ['401', 'clientError'],
          ['404', 'clientError'],
          ['500', 'serverError'],
          ['503', 'serverError'],
        ],
      );
    });
    it('is lenient about shapes: status as text, header arrays, a parsed JSON body', () => {
      const c = parseConversation({
        id: 'c',
        request: { headers: [['Nextmv-Signature', 't=1,v1=ab']], body: { type: 'run.status' } },
        response: { status: '502', headers: { 'set-cookie': ['a=1', 'b=2'], 'x-n': 3 }, body: null },
      });
      assert.equal(c.request?.headers['Nextmv-Signature'], 't=1,v1=ab');
      assert.equal(c.request?.body, '{"type":"run.status"}');
      assert.equal(c.request?.method, 'POST');
      assert.equal(c.response?.statusCode, 502);
      assert.equal(c.response?.headers['set-cookie'], 'a=1, b=2');
      assert.equal(c.response?.headers['x-n'], '3');
      assert.equal(c.response?.body, '');
    });
    it('sorts a complete list newest first, stably, undated last', () => {
      const at = (id: string, createdAt?: string) => ({ id, createdAt, raw: {} }) as Conversation;
      const sorted = sortNewestFirst([at('a', '2026-01-01T00:00:00Z'), at('b'), at('c', '2026-03-01T00:00:00.5Z'), at('d', '2026-02-01T00:00:00Z'), at('e', '2026-03-01T00:00:00.5Z')]);
      assert.deepEqual(
        sorted.map((c) => c.id),
        ['c', 'e', 'd', 'a', 'b'],
      );
    });
  });

  describe('secret', () => {
    it('reads {"secret": …} and close variants; anything else is a typed error', () => {
      assert.equal(parseSecret({ secret: 's1' }), 's1');
      assert.equal(parseSecret({ signing_secret: 's2' }), 's2');
      assert.equal(parseSecret('s3'), 's3');
      assert.throws(() => parseSecret({ key: 'x' }), (e) => isInvalidResponseError(e));
      assert.throws(() => parseSecret({ secret: '' }), (e) => isInvalidResponseError(e));
    });
  });
});
