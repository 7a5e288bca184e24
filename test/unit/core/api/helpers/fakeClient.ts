/** Test wiring: an in-process fake API and a client pointed at it, torn down after the suite. */
import { NextmvClient, UndiciTransport, type UndiciTransportOptions } from '../../../../../src/core/api';
import { startFakeApi, type FakeApi, type StartFakeApiOptions } from '../../../../tools/fake-api';

export interface FakeAndClient {
  fake: FakeApi;
  client: NextmvClient;
  transport: UndiciTransport;
  /** log lines from transport and client */
  logs: string[];
}

/** Short timeouts and near-instant retries so failing paths stay fast; no proxy from the environment. */
export const FAST_TRANSPORT: UndiciTransportOptions = {
  env: {},
  timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 500 },
  retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 },
};

export async function startFakeAndClient(fakeOptions: StartFakeApiOptions = {}, transportOptions: UndiciTransportOptions = {}): Promise<FakeAndClient> {
  const fake = await startFakeApi(fakeOptions);
  const logs: string[] = [];
  const transport = new UndiciTransport({ ...FAST_TRANSPORT, ...transportOptions, log: (l) => logs.push(l) });
  const client = new NextmvClient({ baseUrl: fake.url, getApiKey: () => Promise.resolve(fake.key), transport, log: (l) => logs.push(l) });
  return { fake, client, transport, logs };
}

export async function stopFakeAndClient(ctx: FakeAndClient | undefined): Promise<void> {
  if (!ctx) return;
  await ctx.transport.close();
  await ctx.fake.close();
}

/** Resolves to the error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/**
 * Fails the current test when any promise rejection goes unhandled while the suite runs: the UI must get
 * every failure as a typed error, not as a stray rejection.
 */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  before(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    // let pending microtasks and immediates settle so late rejections are caught in the test that caused them
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (seen.length > 0) {
      const reasons = seen.splice(0);
      throw new Error(`unhandled rejection(s): ${reasons.map((r) => (r instanceof Error ? r.stack ?? r.message : String(r))).join('\n')}`);
    }
  });
  after(() => {
    process.off('unhandledRejection', onRejection);
  });
}
