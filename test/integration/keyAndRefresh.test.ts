import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { SecretKeys } from '../../src/constants';
import { warnIfStoredKeyLost } from '../../src/commands/auth';
import { AutoRefresh } from '../../src/tree/autoRefresh';
import { errorNode, RetryTimers } from '../../src/tree/errorNodes';
import { RateLimitedError } from '../../src/core/api/errors';
import { MAX_TIMER_DELAY_MS } from '../../src/core/timers';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { Services } from '../../src/services';
import type { FakeApi } from '../tools/fake-api';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { Stubs } from './helpers/stubs';

describe('API key changes and auto-refresh', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  const stubs = new Stubs();
  before(async () => {
    ({ api, fake, stop } = await connectToFake());
  });
  afterEach(() => stubs.restore());
  after(async () => stop());

  it('a key changed behind the store (another window) is picked up and the tree reloads', async () => {
    assert.equal((await api.keys.get())?.key, fake.key);
    await api.tree.getChildren();
    fake.clearRequests();
    // what another window does: write SecretStorage directly
    await api.context.secrets.store(SecretKeys.apiKey, 'changed-elsewhere-123');
    await waitFor('the new key', async () => (await api.keys.get())?.key === 'changed-elsewhere-123');
    await waitFor('the list fetched again', async () => {
      await api.tree.getChildren();
      return fake.requestsTo('listWebhooks').length >= 1;
    });
    const list = fake.requestsTo('listWebhooks');
    assert.equal(list.at(-1)!.status, 401, 'with the new (wrong) key');
    await api.keys.store(fake.key);
  });

  it('a stored key that vanished after a restart (Linux without a keyring) is explained, with a link to help', async () => {
    await api.context.globalState.update('nextmvWebhooks.hadStoredKey', true);
    await api.keys.clear();
    const warn = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
    await warnIfStoredKeyLost(api);
    assert.match(String(warn.calls[0]?.[0]), /no longer in VS Code secret storage.*keyring/);
    assert.deepEqual(warn.calls[0].slice(1), ['Set API Key', 'Keyring Help']);
    stubs.restore();
    const again = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
    await warnIfStoredKeyLost(api);
    assert.equal(again.calls.length, 0, 'said once');
    await api.keys.store(fake.key);
  });

  it('a failure while checking for a lost key is logged, never an unhandled rejection', async () => {
    await api.context.globalState.update('nextmvWebhooks.hadStoredKey', true);
    const logged: string[] = [];
    const failing = {
      context: api.context,
      keys: { get: () => Promise.reject(new Error('the keyring is locked')), getFor: () => Promise.reject(new Error('the keyring is locked')) },
      log: {
        error: (m: string, e?: unknown) => logged.push(`${m}: ${e instanceof Error ? e.message : String(e)}`),
        warn: (m: string) => logged.push(m),
        info: (m: string) => logged.push(m),
      },
    } as unknown as Services;
    try {
      await warnIfStoredKeyLost(failing);
      assert.match(logged.join('\n'), /the keyring is locked/);
    } finally {
      await api.context.globalState.update('nextmvWebhooks.hadStoredKey', undefined);
    }
  });

  // setTimeout/setInterval turn a delay over 2^31−1 ms into 1 ms: these record what the timers were handed.
  it('an autoRefreshSeconds beyond what a timer can hold (3,000,000 s) waits the longest a timer can instead of refreshing every millisecond', async () => {
    const visibility = new vscode.EventEmitter<vscode.TreeViewVisibilityChangeEvent>();
    const view = { visible: true, onDidChangeVisibility: visibility.event } as unknown as vscode.TreeView<unknown>;
    let invalidations = 0;
    const model = { invalidate: () => invalidations++ } as unknown as ConstructorParameters<typeof AutoRefresh>[1];
    const realSetInterval = globalThis.setInterval;
    const intervals = stubs.on(globalThis, 'setInterval', (fn: unknown, ms: unknown) => realSetInterval(fn as () => void, ms as number));
    let auto: AutoRefresh | undefined;
    try {
      auto = new AutoRefresh(view, model, () => 3_000_000);
      stubs.restore();
      assert.deepEqual(intervals.calls.map((c) => c[1]), [MAX_TIMER_DELAY_MS]);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(invalidations, 0, 'no refresh yet');
    } finally {
      stubs.restore();
      auto?.dispose();
      visibility.dispose();
    }
  });

  it('a Rate limited row whose Retry-After is beyond what a timer can hold (30 days) retries after the longest a timer can wait, not at once', async () => {
    const timers = new RetryTimers();
    let retries = 0;
    const realSetTimeout = globalThis.setTimeout;
    const timeouts = stubs.on(globalThis, 'setTimeout', (fn: unknown, ms: unknown) => realSetTimeout(fn as () => void, ms as number));
    try {
      const row = errorNode(new RateLimitedError(30 * 86_400, {}), { id: 'overflow-test', retry: () => retries++ }, timers);
      stubs.restore();
      assert.match(row.label, /^Rate limited — retrying in \d+ s$/);
      assert.deepEqual(timeouts.calls.map((c) => c[1]), [MAX_TIMER_DELAY_MS]);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(retries, 0, 'no retry yet');
    } finally {
      stubs.restore();
      timers.dispose();
    }
  });

  it('auto-refresh reloads the list on its interval while the view is visible, and not when set to 0', async () => {
    const visibility = new vscode.EventEmitter<vscode.TreeViewVisibilityChangeEvent>();
    const view = { visible: true, onDidChangeVisibility: visibility.event } as unknown as vscode.TreeView<unknown>;
    let seconds = 0.2;
    let invalidations = 0;
    const model = { invalidate: () => invalidations++ } as unknown as ConstructorParameters<typeof AutoRefresh>[1];
    const auto = new AutoRefresh(view, model, () => seconds, 0.1);
    try {
      await waitFor('two refreshes', () => invalidations >= 2, 5_000);
      auto.dispose();
      const after = invalidations;
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(invalidations, after, 'disposed: no more refreshes');
      seconds = 0;
      const off = new AutoRefresh(view, model, () => seconds, 0.1);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(invalidations, after, 'interval 0 = off');
      off.dispose();
    } finally {
      auto.dispose();
      visibility.dispose();
    }
  });
});
