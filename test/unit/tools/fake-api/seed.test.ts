/** Seed data: deterministic, realistic, harmless endpoints, valid signatures, and fast at 1000x10000. */
import { strict as assert } from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkSignature, FakeState, seedState, startFakeApi, type WireConversation } from '../../../tools/fake-api';

const NOW = Date.parse('2026-05-01T12:00:00Z');

function seeded(seed: string, unit: 'seconds' | 'milliseconds' = 'seconds'): FakeState {
  const state = new FakeState();
  seedState(state, seed, { nowMs: NOW, unit });
  return state;
}

function allConversations(state: FakeState): WireConversation[] {
  return state.listWebhooks().flatMap((w) => state.conversationPage(w.id, undefined, Infinity).items);
}

function outcomeOf(c: WireConversation): string {
  if (!c.response) return /^timeout/.test(c.error ?? '') ? 'timeout' : 'unreachable';
  return `${String(c.response.status_code)[0]}xx`;
}

describe('fake API seeds', () => {
  it('the same seed gives the same data', () => {
    assert.deepEqual(seeded('demo').toJSON(), seeded('demo').toJSON());
    assert.notDeepEqual(seeded('20x5').toJSON(), seeded('21x5').toJSON().webhooks.slice(0, 20));
  });

  it('demo looks real: varied hosts and descriptions, a mix of outcomes spread over days, an empty webhook', () => {
    const state = seeded('demo');
    const hooks = state.listWebhooks();
    assert.ok(hooks.length >= 6);
    assert.ok(new Set(hooks.map((w) => new URL(w.endpoint_url).host)).size >= 6);
    assert.ok(new Set(hooks.map((w) => w.description)).size >= 6);
    assert.ok(hooks.some((w) => state.conversationCount(w.id) === 0));
    const all = allConversations(state);
    const outcomes = new Set(all.map(outcomeOf));
    assert.deepEqual([...outcomes].sort(), ['2xx', '4xx', '5xx', 'timeout', 'unreachable']);
    const times = all.map((c) => Date.parse(c.created_at));
    assert.ok(Math.max(...times) - Math.min(...times) > 7 * 24 * 3600_000, 'spread over more than a week');
    assert.ok(Math.max(...times) < NOW, 'all in the past');
  });

  it('seeded endpoints are harmless example.com/.org/.net hosts', () => {
    for (const seed of ['demo', 'small', '50x10']) {
      for (const w of seeded(seed).listWebhooks()) assert.match(new URL(w.endpoint_url).hostname, /(^|\.)example\.(com|org|net)$/, w.endpoint_url);
    }
  });

  for (const unit of ['seconds', 'milliseconds'] as const) {
    it(`seeded conversations carry valid signatures (t in ${unit}) for their webhook's secret`, () => {
      const state = seeded('small', unit);
      for (const w of state.listWebhooks()) {
        for (const c of state.conversationPage(w.id, undefined, Infinity).items) {
          const t = Number(/t=(\d+)/.exec(c.request.headers['Nextmv-Signature'])?.[1]);
          const check = checkSignature(c.request.headers['Nextmv-Signature'], Buffer.from(c.request.body), w.secret, {
            nowMs: unit === 'seconds' ? t * 1000 : t,
            unit,
            maxAgeSeconds: 300,
            maxSkewSeconds: 60,
          });
          assert.equal(check.verdict, 'valid', c.id);
        }
      }
    });
  }

  it('1000x10000: 1,000 webhooks at once; the 10,000 conversations are made on first use', () => {
    const started = performance.now();
    const state = seeded('1000x10000');
    const elapsed = performance.now() - started;
    assert.equal(state.webhookCount, 1000);
    assert.ok(elapsed < 500, `seeding took ${Math.round(elapsed)} ms`);
    assert.equal(state.conversationCount('high-volume'), 10_000);
    assert.equal(new Set(state.conversationPage('high-volume', undefined, Infinity).items.map((c) => c.id)).size, 10_000);
  });

  it('lazily made conversations are the same as eagerly read ones, and come before later deliveries', () => {
    const a = seeded('small');
    const b = seeded('small');
    const extra = { ...a.conversationPage('orders-prod', undefined, 1).items[0], id: 'conv-later' };
    a.addConversation(extra); // before anything was generated
    b.conversationCount('orders-prod');
    b.addConversations('orders-prod', [extra]);
    assert.deepEqual(a.toJSON(), b.toJSON());
    assert.equal(a.conversationPage('orders-prod', undefined, 1).items[0].id, 'conv-later');
  });

  it('an unknown seed is refused with the list of known ones', async () => {
    assert.throws(() => seeded('lots'), /unknown seed "lots": use demo, small, empty/);
    await assert.rejects(startFakeApi({ seed: 'lots' }), /unknown seed/);
  });

  it('--state: saves changes to the file and loads them back instead of seeding', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-api-')), 'state.json');
    try {
      const first = await startFakeApi({ seed: 'small', statePath: file });
      const res = await fetch(`${first.url}/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'persisted', endpoint_url: 'https://p.example.com/' }),
      });
      assert.equal(res.status, 201);
      const secret = first.secretOf('persisted');
      await first.close();
      assert.ok((JSON.parse(fs.readFileSync(file, 'utf8')) as { webhooks: { id: string }[] }).webhooks.some((w) => w.id === 'persisted'));

      const second = await startFakeApi({ seed: 'demo', statePath: file });
      try {
        assert.equal(second.state.webhookCount, 4, 'the small seed plus the new one, not the demo seed');
        assert.equal(second.secretOf('persisted'), secret);
        assert.equal(second.state.conversationCount('orders-prod'), 12);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
