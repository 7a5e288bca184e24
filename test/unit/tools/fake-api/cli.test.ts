/** `npm run fake-api`: prints its root URL, serves seeded data that a plain HTTP client can list, stops on SIGTERM/SIGINT. */
import { strict as assert } from 'assert';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { once } from 'node:events';
import { optionsFromArgs, parseArgs } from '../../../tools/fake-api/cli';

const ROOT = path.resolve(__dirname, '../../../..');

function startCli(args: string[]): { child: ChildProcess; url: Promise<string>; stderr: () => string } {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'test/tools/fake-api/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n');
      if (line.length > 1) resolve(line[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

describe('fake API command line', () => {
  it('parses flags into start options', () => {
    const o = optionsFromArgs(
      parseArgs([
        '--port', '9999', '--key=k1', '--seed', 'small', '--envelope', 'named', '--page-size', '50', '--cursor-field', 'next', '--signature-unit', 'milliseconds',
        '--create-status', '200', '--delete-status', '200', '--no-trigger', '--delivery-timeout', '500', '--latency', '5', '--state', 's.json',
        '--fault', '{"route":"listWebhooks","status":503,"times":2}', '--fault', '{"latencyMs":10}',
      ]),
    );
    assert.deepEqual(
      { ...o },
      {
        envelope: 'named', paginate: true, pageSize: 50, cursorField: 'next', signatureUnit: 'milliseconds', createStatus: 200, deleteStatus: 200, triggerEnabled: false,
        deliveryTimeoutMs: 500, latencyMs: 5, port: 9999, host: '127.0.0.1', key: 'k1', seed: 'small', statePath: 's.json',
        faults: [{ route: 'listWebhooks', status: 503, times: 2 }, { latencyMs: 10 }],
      },
    );
    assert.deepEqual(optionsFromArgs(parseArgs([])), { port: 8787, host: '127.0.0.1', key: 'demo-key', seed: 'demo', statePath: undefined, faults: [] });
    assert.throws(() => parseArgs(['--colour', 'red']), /unknown option --colour/);
    assert.throws(() => parseArgs(['--port']), /--port needs a value/);
    assert.throws(() => optionsFromArgs(parseArgs(['--fault', '{"status":"x"}'])), /--fault .*status must be an integer/);
  });

  it('prints exactly its root URL, serves the seed to a plain HTTP client, stops cleanly on SIGTERM and on SIGINT', async function () {
    this.timeout(20_000);
    // two processes side by side: starting tsx is the slow part
    const runs = (['SIGTERM', 'SIGINT'] as const).map((signal) => ({ signal, ...startCli(['--port', '0', '--key', 'cli-key', '--seed', 'small', '--quiet']) }));
    try {
      await Promise.all(
        runs.map(async ({ signal, child, url, stderr }) => {
          const root = await url;
          assert.match(root, /^http:\/\/127\.0\.0\.1:\d+$/);
          const res = await fetch(`${root}/v1/webhooks`, { headers: { authorization: 'Bearer cli-key' } });
          const body = (await res.json()) as { items: { id: string }[] };
          assert.deepEqual(
            body.items.map((w) => w.id),
            ['empty-hook', 'orders-prod', 'routing-staging'],
          );
          const exited = once(child, 'exit');
          child.kill(signal);
          const [code] = (await exited) as [number | null];
          assert.equal(code, 0, stderr());
          assert.match(stderr(), new RegExp(`${signal}: stopping`));
        }),
      );
    } finally {
      for (const { child } of runs) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
