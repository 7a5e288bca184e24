/**
 * Benchmarks in the real workbench: code-server (VS Code 1.100.3 by default, VSCODE_VARIANT=139 for 1.139.1)
 * driven by headless Chromium, with the packaged VSIX installed, each figure beside its baseline measured
 * in the same run:
 *   - activation time as VS Code reports it (Show Running Extensions), ours vs an empty extension and an
 *     empty extension bundling undici, median of fresh starts            (test/tools/bench/workbenchActivation.ts)
 *   - open the view → first webhook rows, vs an extension with a fixed tree (same fresh starts)
 *   - the tree at 1,000 webhooks × 10,000 conversations: first page latency, requests per page, requests
 *     made by the initial view and their peak rate                       (test/tools/bench/workbenchTree.ts)
 *   - extension-host memory growth after loading 10,000 conversations     (test/tools/bench/workbenchMemory.ts)
 *   - click a conversation with a 5 MB request body → the inspector shows it (truncated), vs a 1 KB body
 *                                                                         (test/tools/bench/workbenchInspector.ts)
 *   - Send Again to a local handler (the Node.js template): Enter on the target → the attempt's 200 shown,
 *     vs a bare undici.request POST of the same bytes                     (test/tools/bench/workbenchSendAgain.ts)
 * Benchmarks report; they never fail on a time. Each part that cannot run becomes a FAILED row.
 *   npx tsx test/tools/bench/workbench.ts [--small]     (--small: 1 start, 20 webhooks × 300 conversations, a 1 MB body)
 */
import * as os from 'node:os';
import { createBaselines } from './baselineExtensions';
import type { Bench, BenchRow } from './types';
import { benchActivation } from './workbenchActivation';
import { benchInspector } from './workbenchInspector';
import { benchMemory } from './workbenchMemory';
import { benchSendAgain } from './workbenchSendAgain';
import { failedRow, upToDateVsix, VARIANT } from './workbenchSession';
import { benchTree } from './workbenchTree';

const SIZES = {
  full: { starts: 7, webhooks: 1000, conversations: 10_000, expandSamples: 5, settleMs: 30_000, inspectorBodyBytes: 5 * 1024 * 1024, inspectorSamples: 5, sendAgainSamples: 9 },
  small: { starts: 1, webhooks: 20, conversations: 300, expandSamples: 1, settleMs: 2000, inspectorBodyBytes: 1024 * 1024, inspectorSamples: 1, sendAgainSamples: 2 },
};

export const benchWorkbench: Bench = async (opts) => {
  const size = opts.small ? SIZES.small : SIZES.full;
  const log = (line: string) => console.log(line);
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  log(`  VS Code variant ${VARIANT}; load average at start ${load()} (${os.cpus().length} CPUs)`);
  const vsix = await upToDateVsix(log);
  const baselines = createBaselines();
  const rows: BenchRow[] = [];
  const part = async (name: string, run: () => Promise<BenchRow[]>) => {
    try {
      rows.push(...(await run()));
    } catch (err) {
      log(`  ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      rows.push(failedRow(name, err));
    }
  };
  try {
    await part('activation and first rows', () => benchActivation({ starts: size.starts, vsix, baselines, log }));
    await part('tree', () => benchTree({ webhooks: size.webhooks, conversations: size.conversations, expandSamples: size.expandSamples, vsix, log }));
    await part('memory', () => benchMemory({ conversations: size.conversations, settleMs: size.settleMs, vsix, log }));
    await part('inspector', () => benchInspector({ bodyBytes: size.inspectorBodyBytes, samples: size.inspectorSamples, vsix, baselines, log }));
    await part('send again', () => benchSendAgain({ samples: size.sendAgainSamples, vsix, log }));
  } finally {
    baselines.dispose();
  }
  log(`  load average at end ${load()}`);
  return rows.map((r) => ({ ...r, notes: [r.notes, `VS Code ${VARIANT === '139' ? '1.139.1' : '1.100.3'} (code-server), headless Chromium`].filter(Boolean).join('; ') }));
};

if (require.main === module) {
  benchWorkbench({ small: process.argv.includes('--small') }).then(
    (rows) => {
      for (const r of rows) {
        console.log(`${r.name}\n  ${r.value} ${r.unit}${r.baseline !== undefined ? `  (baseline ${r.baseline} ${r.unit}: ${r.baselineName ?? ''})` : ''}${r.goal ? `  goal ${r.goal}` : ''}${r.notes ? `\n  ${r.notes}` : ''}`);
      }
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
