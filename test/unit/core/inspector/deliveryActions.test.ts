/** The pure parts of a delivery row's actions: the compare pair of a selection, Compare With…'s list, the diff's sides and title, Copy as cURL's words. */
import { strict as assert } from 'assert';
import { buildCurlCommand } from '../../../../src/core/inspector/curl';
import {
  bothHave,
  comparePairOf,
  compareGroups,
  curlCopiedMessage,
  diffSides,
  diffTitle,
  validatorPrefillText,
  type DeliveryRef,
} from '../../../../src/core/inspector/deliveryActions';
import { parseDelivery } from '../../../../src/core/validator/delivery';
import { verifySignature } from '../../../../src/core/validator/signature';
import { conversation, RUN_BODY, SECRET, SENT_MS } from './fixtures';

const ref = (id: string, webhookId = 'orders-prod', sentAt?: string): DeliveryRef => ({ webhookId, conversation: conversation({ id, ...(sentAt ? { sentAt } : {}) }) });

describe('delivery row actions (pure parts)', () => {
  describe('comparePairOf: two selected delivery rows compare at once', () => {
    const isDelivery = (row: string) => row.startsWith('d');
    it('exactly two deliveries selected, the clicked one among them', () => {
      assert.deepEqual(comparePairOf('d1', ['d1', 'd2'], isDelivery), ['d1', 'd2']);
      assert.deepEqual(comparePairOf('d2', ['d1', 'd2'], isDelivery), ['d1', 'd2'], 'the selection order, whichever was clicked');
    });
    it('anything else asks: one row, three rows, a webhook row in the selection, a click outside it, no selection', () => {
      assert.equal(comparePairOf('d1', ['d1'], isDelivery), undefined);
      assert.equal(comparePairOf('d1', ['d1', 'd2', 'd3'], isDelivery), undefined);
      assert.equal(comparePairOf('d1', ['d1', 'w1'], isDelivery), undefined);
      assert.equal(comparePairOf('d3', ['d1', 'd2'], isDelivery), undefined);
      assert.equal(comparePairOf('d1', undefined, isDelivery), undefined);
      assert.equal(comparePairOf('d1', ['d1', 'd1'], isDelivery), undefined, 'one row twice is not a pair');
    });
  });

  describe('compareGroups: the loaded deliveries of every webhook, labelled like their rows', () => {
    const now = SENT_MS + 2 * 60_000;
    const current = ref('conv-a');
    const lists = [
      { webhookId: 'billing', items: [conversation({ id: 'conv-x', response: { status_code: 404, headers: {}, body: '' } })] },
      { webhookId: 'empty', items: [] },
      { webhookId: 'orders-prod', items: [current.conversation, conversation({ id: 'conv-b' })] },
    ];
    it('its own webhook first, without the delivery itself; a webhook with nothing is left out', () => {
      const groups = compareGroups(current, lists, now);
      assert.deepEqual(groups.map((g) => [g.webhookId, g.choices.map((c) => c.conversation.id)]), [
        ['orders-prod', ['conv-b']],
        ['billing', ['conv-x']],
      ]);
    });
    it('the row label (status word first) with the conversation id beside it, and the webhook of each choice', () => {
      const [, billing] = compareGroups(current, lists, now);
      assert.deepEqual({ ...billing.choices[0], conversation: undefined }, { webhookId: 'billing', label: '404 · run.status · 2 min. ago', description: 'conv-x', conversation: undefined });
    });
    it('the same id under another webhook is another delivery', () => {
      const groups = compareGroups(current, [{ webhookId: 'billing', items: [conversation({ id: 'conv-a' })] }], now);
      assert.equal(groups[0].choices[0].conversation.id, 'conv-a');
    });
  });

  describe('the diff', () => {
    it('older on the left, whichever came first; unknown times keep the order given', () => {
      const older = ref('conv-old', 'orders-prod', '2026-05-01T11:00:00Z');
      const newer = ref('conv-new', 'orders-prod', '2026-05-01T12:00:00Z');
      assert.deepEqual(diffSides(newer, older).map((d) => d.conversation.id), ['conv-old', 'conv-new']);
      assert.deepEqual(diffSides(older, newer).map((d) => d.conversation.id), ['conv-old', 'conv-new']);
      const undated = { webhookId: 'orders-prod', conversation: { ...older.conversation, id: 'conv-undated', request: undefined, createdAt: undefined } };
      assert.deepEqual(diffSides(newer, undated).map((d) => d.conversation.id), ['conv-new', 'conv-undated']);
    });
    it('the title names both and the part; another webhook’s delivery with its webhook', () => {
      assert.equal(diffTitle(ref('conv-a'), ref('conv-b'), 'request'), 'conv-a ↔ conv-b (request bodies)');
      assert.equal(diffTitle(ref('conv-a'), ref('conv-x', 'billing'), 'response'), 'orders-prod/conv-a ↔ billing/conv-x (response bodies)');
    });
    it('bothHave: a delivery that timed out has no response to compare', () => {
      const timedOut = conversation({ id: 'conv-t', response: null, error: 'timeout' });
      assert.equal(bothHave(ref('a').conversation, timedOut, 'request'), true);
      assert.equal(bothHave(ref('a').conversation, timedOut, 'response'), false);
    });
  });

  describe('Copy as cURL says what it did, never the secret', () => {
    const request = conversation().request!;
    it('re-signed: the new t, and why it matters', () => {
      const curl = buildCurlCommand(request, { resign: { secret: SECRET, nowMs: SENT_MS + 3_600_000 } });
      const message = curlCopiedMessage(curl);
      assert.match(message, /^Copied a cURL command with a fresh Nextmv-Signature \(t=\d+\), so a replay passes a handler's freshness check\.$/);
      assert.equal(message.includes(`t=${Math.floor((SENT_MS + 3_600_000) / 1000)}`), true);
      assert.equal(message.includes(SECRET), false);
      assert.equal(curl.command.includes(SECRET), false);
    });
    it('not re-signed: says so and why', () => {
      const message = curlCopiedMessage(buildCurlCommand(request), 'the signing secret of orders-prod could not be fetched (403).');
      assert.match(message, /^Copied a cURL command with the recorded Nextmv-Signature: the signing secret of orders-prod could not be fetched \(403\)\. A handler that checks freshness rejects its replay\.$/);
    });
    it('the curl’s warnings follow', () => {
      assert.equal(curlCopiedMessage({ warnings: ['A warning.'] }), 'Copied a cURL command. A warning.');
    });
  });

  it('Validate prefills the conversation JSON, which the validator reads back to the exact body and a valid signature', () => {
    const c = conversation({ body: RUN_BODY });
    const parsed = parseDelivery({ delivery: validatorPrefillText(c) });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.delivery.body, RUN_BODY);
    const verdict = verifySignature({ header: parsed.delivery.signatureHeader, body: parsed.delivery.body, secret: SECRET, now: SENT_MS + 1000 });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
  });
});
