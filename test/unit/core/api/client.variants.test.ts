/** The client against every configurable variant of the fake: envelopes, paging, cursors, statuses, trigger. */
import { strict as assert } from 'assert';
import { isNotFoundError, isTriggerNotSupportedError, type ApiError, type Conversation } from '../../../../src/core/api';
import { startReceiver, type Envelope, type CursorField, type Receiver } from '../../../tools/fake-api';
import { rejectionOf, startFakeAndClient, stopFakeAndClient, type FakeAndClient } from './helpers/fakeClient';

const WEBHOOKS = 25;
const CONVERSATIONS = 250;
const PAGE_SIZE = 40;

describe('NextmvClient with every fake API variant', () => {
  let ctx: FakeAndClient;
  let expectedIds: string[];
  let expectedConversationIds: string[];

  before(async () => {
    ctx = await startFakeAndClient({ seed: `${WEBHOOKS}x${CONVERSATIONS}`, triggerEnabled: true });
    expectedIds = ctx.fake.state.listWebhooks().map((w) => w.id);
    expectedConversationIds = ctx.fake.state.conversationPage('high-volume', undefined, Infinity).items.map((c) => c.id);
  });
  after(() => stopFakeAndClient(ctx));
  beforeEach(() => ctx.fake.reset());

  async function allConversations(): Promise<{ items: Conversation[]; pages: number }> {
    const items: Conversation[] = [];
    let pages = 0;
    for await (const page of ctx.client.listConversations('high-volume')) {
      items.push(...page.items);
      pages++;
    }
    return { items, pages };
  }

  const envelopes: Envelope[] = ['items', 'array', 'named'];
  const cursorFields: CursorField[] = ['next_page_token', 'cursor', 'next'];
  for (const envelope of envelopes) {
    it(`envelope ${envelope}, no pagination: everything in one response`, async () => {
      ctx.fake.configure({ envelope, paginate: false });
      assert.deepEqual(
        (await ctx.client.listWebhooks()).map((w) => w.id),
        expectedIds,
      );
      const { items, pages } = await allConversations();
      assert.equal(pages, 1);
      assert.deepEqual(
        items.map((c) => c.id),
        expectedConversationIds,
      );
      assert.equal(ctx.fake.requestsTo('listWebhooks').length, 1);
    });
    if (envelope === 'array') {
      it('envelope array with pagination on: a bare array has nowhere to put a cursor, so the fake serves it whole', async () => {
        ctx.fake.configure({ envelope, paginate: true, pageSize: PAGE_SIZE });
        const { items, pages } = await allConversations();
        assert.equal(pages, 1);
        assert.equal(items.length, CONVERSATIONS);
      });
      continue;
    }
    for (const cursorField of cursorFields) {
      it(`envelope ${envelope}, paged by ${PAGE_SIZE} with "${cursorField}": follows every page, in order, lazily`, async () => {
        ctx.fake.configure({ envelope, paginate: true, pageSize: PAGE_SIZE, cursorField });
        assert.deepEqual(
          (await ctx.client.listWebhooks()).map((w) => w.id),
          expectedIds,
        );
        assert.equal(ctx.fake.requestsTo('listWebhooks').length, Math.ceil(WEBHOOKS / PAGE_SIZE));

        // lazily: one page fetched per page consumed
        const iterator = ctx.client.listConversations('high-volume');
        const first = await iterator.next();
        assert.equal(first.done, false);
        assert.equal(ctx.fake.requestsTo('listConversations').length, 1);
        await iterator.return(undefined);

        const { items, pages } = await allConversations();
        assert.equal(pages, Math.ceil(CONVERSATIONS / PAGE_SIZE));
        assert.deepEqual(
          items.map((c) => c.id),
          expectedConversationIds,
        );
      });
    }
  }

  it('one page at a time with an explicit limit, passing the cursor back', async () => {
    ctx.fake.configure({ paginate: true, pageSize: 100 });
    const first = await ctx.client.listConversationsPage('high-volume', undefined, 10);
    assert.equal(first.items.length, 10);
    assert.ok(first.nextCursor);
    const second = await ctx.client.listConversationsPage('high-volume', first.nextCursor, 10);
    assert.deepEqual(
      [...first.items, ...second.items].map((c) => c.id),
      expectedConversationIds.slice(0, 20),
    );
    assert.match(ctx.fake.requestsTo('listConversations')[1].path, /limit=10&cursor=/);
  });

  for (const createStatus of [200, 201] as const) {
    it(`create answered with ${createStatus}`, async () => {
      ctx.fake.configure({ createStatus });
      const w = await ctx.client.createWebhook({ id: `created-${createStatus}`, eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' });
      assert.equal(w.id, `created-${createStatus}`);
      assert.equal(ctx.fake.requestsTo('createWebhook')[0].status, createStatus);
    });
  }

  for (const deleteStatus of [200, 204] as const) {
    it(`delete answered with ${deleteStatus}`, async () => {
      ctx.fake.configure({ deleteStatus });
      await ctx.client.deleteWebhook(expectedIds[1]);
      assert.equal(ctx.fake.requestsTo('deleteWebhook')[0].status, deleteStatus);
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.getWebhook(expectedIds[1]))));
    });
  }

  describe('trigger and signature units', () => {
    let receivers: Receiver[] = [];
    afterEach(async () => {
      await Promise.all(receivers.map((r) => r.close()));
      receivers = [];
    });

    for (const unit of ['seconds', 'milliseconds'] as const) {
      it(`trigger signs with t in ${unit}, and a receiver reading that unit accepts it`, async () => {
        ctx.fake.configure({ signatureUnit: unit });
        const receiver = await startReceiver({ unit, secret: () => ctx.fake.secretOf('to-receiver') });
        receivers.push(receiver);
        await ctx.client.createWebhook({ id: 'to-receiver', eventTypes: ['run.status'], endpointUrl: `${receiver.url}/hook` });
        const before = Date.now();
        const conversation = await ctx.client.triggerWebhook('to-receiver');
        const t = Number(/t=(\d+)/.exec(conversation?.request?.headers['Nextmv-Signature'] ?? '')?.[1]);
        const expected = unit === 'seconds' ? Math.floor(before / 1000) : before;
        assert.ok(Math.abs(t - expected) <= (unit === 'seconds' ? 1 : 1000), `t=${t} expected about ${expected}`);
        assert.equal(conversation?.response?.statusCode, 200);
        assert.equal(receiver.deliveries[0].verdict, 'valid');
      });
    }

    it('trigger turned off: TriggerNotSupported for an existing webhook, NotFound for a missing one', async () => {
      ctx.fake.configure({ triggerEnabled: false });
      const err = (await rejectionOf(ctx.client.triggerWebhook(expectedIds[0]))) as ApiError;
      assert.ok(isTriggerNotSupportedError(err), String(err));
      assert.match(err.userMessage, /not supported by this API/);
      assert.ok(isNotFoundError(await rejectionOf(ctx.client.triggerWebhook('ghost'))));
    });
  });
});
