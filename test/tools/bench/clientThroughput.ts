/**
 * Listing throughput of NextmvClient against the floor it cannot beat: a bare undici `request` loop over the
 * same pages of the same fake server, through the same kind of dispatcher, in the same run. The two are
 * interleaved page by page (alternating which goes first), so both see the same machine load even when other
 * processes compete for the CPU; each round sums the time per side, throughputs are medians over rounds and
 * the ratio is the median of the per-round ratios.
 * Goal: the client lists at ≥ 0.8× the bare loop's conversations per second (10,000 conversations, pages of 100).
 *   npx tsx test/tools/bench/clientThroughput.ts [--small]
 */
import { strict as assert } from 'node:assert';
import { request } from 'undici';
import { buildDispatcher, NextmvClient, UndiciTransport } from '../../../src/core/api';
import { HIGH_VOLUME_WEBHOOK, startFakeApi } from '../fake-api';
import { median } from './stats';
import type { Bench, BenchRow } from './types';

const GOAL = 0.8;
const PAGE_SIZE = 100;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

interface Round {
  readonly clientMs: number;
  readonly bareMs: number;
}

export const benchClientThroughput: Bench = async (opts) => {
  const conversations = opts.small ? 300 : 10_000;
  const rounds = opts.small ? 3 : 15;
  const fake = await startFakeApi({ seed: `1x${conversations}`, paginate: true, pageSize: PAGE_SIZE, key: 'bench-key' });
  fake.state.conversationCount(HIGH_VOLUME_WEBHOOK); // generate the lazily seeded conversations outside the timing
  const transport = new UndiciTransport({ env: {} });
  const client = new NextmvClient({ baseUrl: fake.url, getApiKey: () => Promise.resolve(fake.key), transport });
  const dispatcher = buildDispatcher({ env: {}, connectTimeoutMs: 10_000 });
  const firstPage = `${fake.url}/v1/webhooks/${HIGH_VOLUME_WEBHOOK}/conversations`;

  /** One bare page: what any caller must do at least (request, read and parse the body, find the cursor). */
  const barePage = async (cursor: string | undefined): Promise<{ count: number; next?: string }> => {
    const url = cursor ? `${firstPage}?cursor=${encodeURIComponent(cursor)}` : firstPage;
    const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${fake.key}`, accept: 'application/json' } });
    const body = (await res.body.json()) as { items: unknown[]; next_page_token?: string | null };
    return { count: body.items.length, next: body.next_page_token ?? undefined };
  };

  /** Both listings page by page, side by side, alternating which goes first; each must see every conversation. */
  const round = async (): Promise<Round> => {
    const pages = client.listConversations(HIGH_VOLUME_WEBHOOK);
    const side = { clientMs: 0, bareMs: 0, clientCount: 0, bareCount: 0, clientDone: false, bareDone: false };
    let cursor: string | undefined;
    const clientTurn = async () => {
      const [step, ms] = await timed(() => pages.next());
      side.clientMs += ms;
      if (step.done) side.clientDone = true;
      else side.clientCount += step.value.items.length;
    };
    const bareTurn = async () => {
      const [result, ms] = await timed(() => barePage(cursor));
      side.bareMs += ms;
      side.bareCount += result.count;
      cursor = result.next;
      side.bareDone = cursor === undefined;
    };
    for (let page = 0; !side.clientDone || !side.bareDone; page++) {
      for (const turn of page % 2 === 0 ? [clientTurn, bareTurn] : [bareTurn, clientTurn]) {
        if (!(turn === clientTurn ? side.clientDone : side.bareDone)) await turn();
      }
    }
    assert.equal(side.clientCount, conversations, 'the client listed every conversation');
    assert.equal(side.bareCount, conversations, 'the bare loop listed every conversation');
    return { clientMs: side.clientMs, bareMs: side.bareMs };
  };

  try {
    for (let i = 0; i < 2; i++) await round();
    const measured: Round[] = [];
    for (let i = 0; i < rounds; i++) measured.push(await round());
    const clientMs = measured.map((r) => r.clientMs);
    const bareMs = measured.map((r) => r.bareMs);
    const perSecond = (ms: number) => Math.round(conversations / (ms / 1000));
    const ratio = median(bareMs.map((bare, i) => bare / clientMs[i]));
    const pages = Math.ceil(conversations / PAGE_SIZE);
    const rows: BenchRow[] = [
      {
        name: `NextmvClient: list ${conversations.toLocaleString('en-US')} conversations (${pages} pages of ${PAGE_SIZE}) from the fake API`,
        value: perSecond(median(clientMs)),
        unit: 'conversations/s',
        baseline: perSecond(median(bareMs)),
        baselineName: 'bare undici request() loop, same pages, same dispatcher kind',
        ratio: Math.round(ratio * 1000) / 1000,
        ratioMeaning: 'client throughput / bare loop throughput (higher is better; median of per-round ratios)',
        goal: `≥ ${GOAL}`,
        notes: `${rounds} rounds after 2 warm-ups, interleaved page by page; the client's time includes parsing into typed Conversation objects`,
      },
      {
        name: 'NextmvClient: time per page',
        value: Math.round((median(clientMs) / pages) * 100) / 100,
        unit: 'ms/page',
        baseline: Math.round((median(bareMs) / pages) * 100) / 100,
        baselineName: 'bare undici request() loop',
        ratio: Math.round(ratio * 1000) / 1000,
        ratioMeaning: 'bare time / client time (higher is better)',
      },
    ];
    return rows;
  } finally {
    await transport.close();
    await dispatcher.close();
    await fake.close();
  }
};

if (require.main === module) {
  benchClientThroughput({ small: process.argv.includes('--small') }).then(
    (rows) => {
      for (const r of rows) {
        console.log(`${r.name}\n  ${r.value} ${r.unit}  (baseline ${r.baseline ?? '-'} ${r.unit}: ${r.baselineName ?? ''})  ratio ${r.ratio ?? '-'}  goal ${r.goal ?? '-'}`);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
