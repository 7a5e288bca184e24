// `npm run bench`: every benchmark in one run, one table, and test/tools/bench/results.json for tracking.
// Each figure is measured beside its baseline in the same run. Benchmarks report; they never fail on time.
//   npm run bench               full sizes
//   npm run bench -- --small    tiny sizes (what `npm test` runs to prove the benchmarks still work)
import * as fs from 'fs';
import * as path from 'path';
import type { Bench, BenchRow } from './types';
import { benchClientThroughput } from './clientThroughput';
import { benchFilter } from './filter';
import { benchSignature } from './signature';
import { benchWorkbench } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Sizes of what users download and what VS Code loads at activation. */
const benchSizes: Bench = async () => {
  const size = (p: string) => (fs.existsSync(path.join(ROOT, p)) ? fs.statSync(path.join(ROOT, p)).size : NaN);
  const rows: BenchRow[] = [
    { name: 'dist/extension.js (loaded at activation)', value: size('dist/extension.js'), unit: 'bytes', baseline: size('dist/api.js'), baselineName: 'dist/api.js (HTTP stack, loaded on first request)', notes: 'run after a production build (npm run package)' },
    { name: 'VSIX', value: size('nextmv-webhooks.vsix'), unit: 'bytes' },
  ];
  return rows;
};

const BENCHES: [string, Bench][] = [
  ['sizes', benchSizes],
  ['client throughput', benchClientThroughput],
  ['signature verification', benchSignature],
  ['filter', benchFilter],
  ['workbench', benchWorkbench],
];

function fmt(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits);
}

async function main(): Promise<void> {
  const small = process.argv.includes('--small');
  // --skip workbench,…: leave out benchmarks by name (npm test skips the minutes-long workbench ones)
  const skipAt = process.argv.indexOf('--skip');
  const skip = new Set(skipAt >= 0 ? (process.argv[skipAt + 1] ?? '').split(',') : []);
  const all: (BenchRow & { bench: string })[] = [];
  for (const [name, bench] of BENCHES.filter(([n]) => !skip.has(n))) {
    process.stdout.write(`running ${name}${small ? ' (small)' : ''}…\n`);
    try {
      for (const row of await bench({ small })) all.push({ bench: name, ...row });
    } catch (err) {
      all.push({ bench: name, name: `${name} FAILED: ${err instanceof Error ? err.message : String(err)}`, value: NaN, unit: '' });
      process.exitCode = 1;
    }
  }
  console.log('\n| benchmark | figure | baseline (same run) | ratio | goal |\n|---|---|---|---|---|');
  for (const r of all) {
    const baseline = r.baseline !== undefined ? `${fmt(r.baseline)} ${r.unit}${r.baselineName ? ` (${r.baselineName})` : ''}` : '';
    const ratio = r.ratio !== undefined ? `${r.ratio.toFixed(2)}${r.ratioMeaning ? ` ${r.ratioMeaning}` : ''}` : '';
    console.log(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${baseline} | ${ratio} | ${r.goal ?? ''} |`);
  }
  const out = path.join(ROOT, 'test', 'tools', 'bench', small ? 'results-small.json' : 'results.json');
  fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), small, node: process.version, rows: all }, null, 2));
  console.log(`\nwritten to ${path.relative(ROOT, out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
