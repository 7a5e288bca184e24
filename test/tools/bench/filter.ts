/**
 * Filtering deliveries already loaded: the time from a new filter to the page on screen (DeliveryPager.setFilter
 * + view(), what the tree does when a filter changes) over N seeded deliveries, beside the floor it cannot beat
 * — a bare loop over the same strings (String.includes over each request and response body, the needle already
 * in the right case). Medians of interleaved rounds. Goal: ≤ 100 ms at 10,000.
 *   npx tsx test/tools/bench/filter.ts [--small]
 */
import type { Conversation } from '../../../src/core/api/types';
import { parseConversation } from '../../../src/core/api/types';
import { compileFilter, FAILED_OUTCOMES, type DeliveryFilter } from '../../../src/core/filter/filter';
import { DeliveryPager } from '../../../src/core/filter/pager';
import { HIGH_VOLUME_WEBHOOK, startFakeApi } from '../fake-api';
import { listSamples, median, round } from './stats';
import type { Bench, BenchRow } from './types';

const GOAL_MS = 100;
const NEEDLE = 'no-such-run-0000';

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function seededDeliveries(n: number): Promise<Conversation[]> {
  const fake = await startFakeApi({ seed: `1x${n}`, key: 'bench-filter-key-0123' });
  try {
    return fake.state.conversationPage(HIGH_VOLUME_WEBHOOK, undefined, n).items.map(parseConversation);
  } finally {
    await fake.close();
  }
}

export const benchFilter: Bench = async (opts) => {
  const n = opts.small ? 1000 : 10_000;
  const rounds = opts.small ? 3 : 15;
  const all = await seededDeliveries(n);
  const pager = new DeliveryPager(100);
  pager.append({ items: all });
  const bodies = all.flatMap((c) => [c.request?.body ?? '', c.response?.body ?? '']);
  const bare = () => {
    let hits = 0;
    for (const b of bodies) if (b.includes(NEEDLE)) hits++;
    return hits;
  };
  const apply = (f: DeliveryFilter) => () => {
    pager.setFilter(compileFilter(f, Date.now()));
    return pager.view().rows.length;
  };
  const cases: [string, DeliveryFilter][] = [
    ['text (a run id found nowhere: every body searched)', { text: NEEDLE }],
    ['Failed', { outcomes: FAILED_OUTCOMES }],
    ['Failed · last week · text', { outcomes: FAILED_OUTCOMES, time: { kind: 'week' }, text: 'pricing' }],
  ];
  const samples = new Map<string, number[]>([['bare', []], ...cases.map(([name]): [string, number[]] => [name, []])]);
  for (let i = 0; i < 3; i++) [bare, ...cases.map(([, f]) => apply(f))].forEach((fn) => fn()); // warm-up
  for (let r = 0; r < rounds; r++) {
    samples.get('bare')!.push(timeMs(bare));
    for (const [name, f] of r % 2 ? [...cases].reverse() : cases) samples.get(name)!.push(timeMs(apply(f)));
  }
  const baseline = median(samples.get('bare')!);
  const chars = bodies.reduce((sum, b) => sum + b.length, 0);
  return cases.map(([name]): BenchRow => {
    const ms = median(samples.get(name)!);
    return {
      name: `filter ${n.toLocaleString('en-US')} loaded deliveries → the page on screen: ${name}`,
      value: round(ms, 2),
      unit: 'ms',
      baseline: round(baseline, 2),
      baselineName: `a bare String.includes loop over the same ${bodies.length.toLocaleString('en-US')} bodies (${round(chars / 1e6)} M characters)`,
      ratio: round(ms / baseline, 2),
      ratioMeaning: 'filter time / bare loop time',
      goal: `≤ ${GOAL_MS} ms at 10,000`,
      notes: `median of ${rounds} rounds: ${listSamples(samples.get(name)!, 'ms', 1)}; the text search is case-insensitive over the run id, application id, both bodies, the error and the id`,
    };
  });
};

if (require.main === module) {
  benchFilter({ small: process.argv.includes('--small') }).then(
    (rows) => {
      for (const r of rows) console.log(`${r.name}\n  ${r.value} ${r.unit}  (baseline ${r.baseline} ${r.unit}: ${r.baselineName})  ratio ${r.ratio}\n  ${r.notes}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
