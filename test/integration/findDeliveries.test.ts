import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import type { PickStep } from '../../src/common/prompter';
import { Commands, TreeStateKeys } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import type { FakeApi } from '../tools/fake-api';
import type { WireConversation } from '../tools/fake-api/types';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { ScriptedPrompter } from './helpers/prompter';
import { Stubs } from './helpers/stubs';

const STATUS_FIRST = /^(\d{3}|error|timeout) · run\.status · /;

describe('Find the delivery that matters: filters and failure alerts', function () {
  this.timeout(120_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  let realPrompter: NextmvWebhooksTestApi['prompter'];
  const stubs = new Stubs();

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
    realPrompter = api.prompter;
  });
  after(async () => stop());
  afterEach(() => {
    stubs.restore();
    api.prompter = realPrompter;
    api.model.filters.clearAll();
    fake.reset();
    api.model.invalidate();
  });

  const roots = () => api.tree.getChildren() as Promise<TreeNode[]>;
  const webhookNode = async (id: string) => (await roots()).find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === id)!;
  const children = async (id: string) => (await api.tree.getChildren(await webhookNode(id))) as TreeNode[];
  const deliveries = (rows: TreeNode[]) => rows.filter((r): r is ConversationNode => r.kind === 'conversation');
  const pageRequests = (id: string) => fake.requestsTo('listConversations').filter((r) => r.path.startsWith(`/v1/webhooks/${id}/`) && !/limit=1\b/.test(r.path)).length;

  let batch = 0;
  /**
   * `n` deliveries on `webhookId`, newest first by position and time; `shape(i)` picks status and run id (i = 0
   * is the newest). Ids are `<tag>-<webhookId>-<i>`, the tag new for each call unless given.
   */
  function addDeliveries(webhookId: string, n: number, shape: (i: number) => { status: number | 'unreachable'; runId: string }, tag = `b${++batch}`): void {
    const base = fake.state.conversationPage(webhookId, undefined, 1).items[0] ?? fake.state.conversationPage('orders-prod', undefined, 1).items[0];
    const now = Date.now();
    const made: WireConversation[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const { status, runId } = shape(i);
      const at = new Date(now - (i + 1) * 1000).toISOString();
      const body = JSON.stringify({ type: 'run.status', data: { run_id: runId, application_id: 'order-routing', status_v2: 'succeeded' } });
      made.push({
        ...base, id: `${tag}-${webhookId}-${i}`, webhook_id: webhookId, created_at: at,
        request: { ...base.request, body, sent_at: at },
        ...(status === 'unreachable' ? { response: null, error: 'unreachable: connect ECONNREFUSED' } : { response: { status_code: status, headers: {}, body: '', received_at: at }, error: null }),
      });
    }
    fake.state.addConversations(webhookId, made);
  }

  describe('filter', () => {
    it('Filter Deliveries… on a webhook with "Failed" shows only its failed deliveries, status first; Clear Filter brings back every one', async () => {
      const all = deliveries(await children('orders-prod'));
      const failedIds = all.filter((c) => c.conversation.response?.statusCode === undefined || c.conversation.response.statusCode >= 300).map((c) => c.conversation.id);
      assert.ok(failedIds.length > 0 && failedIds.length < all.length, 'the seed mixes outcomes');
      const prompter = new ScriptedPrompter([['Failed']]);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.filterWebhook, await webhookNode('orders-prod'));
      const offered = (prompter.shown[0].step as PickStep).items.map((i) => i.label);
      assert.ok(offered.includes('Failed'), `the quick pick offers Failed: ${offered.join(', ')}`);
      const rows = deliveries(await children('orders-prod'));
      assert.deepEqual(rows.map((r) => r.conversation.id), failedIds);
      for (const r of rows) assert.match(String(api.tree.getTreeItem(r).label), STATUS_FIRST);
      const hook = api.tree.getTreeItem(await webhookNode('orders-prod'));
      assert.match(String(hook.description), new RegExp(`failed: ${failedIds.length} match$`));
      assert.match(String(hook.contextValue), /\bfiltered\b/);
      assert.equal(deliveries(await children('routing-staging')).some((r) => r.conversation.response?.statusCode === 200), true, 'another webhook is not filtered');
      await waitFor('the view says a webhook is filtered', () => /1 webhook filtered/.test(api.treeView.description ?? ''));

      await vscode.commands.executeCommand(Commands.clearWebhookFilter, await webhookNode('orders-prod'));
      assert.equal(deliveries(await children('orders-prod')).length, all.length);
      assert.doesNotMatch(String(api.tree.getTreeItem(await webhookNode('orders-prod')).description), /match/);
    });

    it('the quick pick shows the filter in force, and Since… and Text… ask for their value (Back returns to the pick)', async () => {
      api.model.filters.setView({ outcomes: ['serverError'], text: 'abc' });
      const prompter = new ScriptedPrompter([['Server errors (5xx)', 'Since…', 'Text…'], 'not a date', 'BACK', ['Succeeded', 'Since…'], '2020-01-01']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.filterDeliveries);
      const first = prompter.shown[0].step as PickStep;
      assert.deepEqual(first.items.filter((i) => i.picked).map((i) => i.label), ['Server errors (5xx)', 'Text…']);
      assert.match(prompter.shown[1].problem ?? '', /Type a date/);
      assert.deepEqual(api.model.filters.view, { outcomes: ['success'], time: { kind: 'since', sinceMs: new Date(2020, 0, 1).getTime() } });
      await waitFor('the view description', () => /^filter: succeeded · since 2020-01-01 00:00/.test(api.treeView.description ?? ''));
    });

    it('a text filter finds a delivery by run id on a page not yet loaded', async () => {
      fake.configure({ paginate: true, pageSize: 100 });
      addDeliveries('routing-staging', 1000, (i) => ({ status: 200, runId: i === 742 ? 'run-needle-742' : `run-hay-${i}` }), 'hay');
      api.model.invalidate();
      assert.equal(deliveries(await children('routing-staging')).some((r) => r.conversation.id === 'hay-routing-staging-742'), false, 'not on the first page');
      const before = pageRequests('routing-staging');
      api.prompter = new ScriptedPrompter([['Text…'], 'RUN-NEEDLE-742']);
      await vscode.commands.executeCommand(Commands.filterDeliveries);
      const rows = await children('routing-staging');
      assert.deepEqual(deliveries(rows).map((r) => r.conversation.id), ['hay-routing-staging-742']);
      assert.match(String(api.tree.getTreeItem(rows[0]).label), STATUS_FIRST);
      assert.equal(pageRequests('routing-staging') - before, 10, 'the walk went to the end of the list (one match cannot fill a page)');
      assert.match(String(api.tree.getTreeItem(await webhookNode('routing-staging')).description), /· 1 match$/);
      await vscode.commands.executeCommand(Commands.clearFilter);
      assert.equal(deliveries(await children('routing-staging')).length, 100);
      assert.equal(api.treeView.description?.includes('filter'), false);
    });

    it('filtering walks only as far as the page needs, with a cancellable progress notification; Cancel keeps what was found', async () => {
      fake.configure({ paginate: true, pageSize: 100, latencyMs: 150 });
      // every 20th failed: 100 failures take 2,000 deliveries (20 pages) of the 3,000
      addDeliveries('routing-staging', 3000, (i) => ({ status: i % 20 === 0 ? 503 : 200, runId: `run-${i}` }));
      api.model.invalidate();
      await children('routing-staging');
      const before = pageRequests('routing-staging');
      const reports: unknown[] = [];
      const progress = stubs.on(vscode.window, 'withProgress', (_o: unknown, task: unknown) => {
        const token = new vscode.CancellationTokenSource();
        return (task as (p: vscode.Progress<unknown>, t: vscode.CancellationToken) => Promise<unknown>)({ report: (r) => reports.push(r) }, token.token);
      });
      api.model.filters.setOwn('routing-staging', { outcomes: ['serverError'] });
      const rows = deliveries(await children('routing-staging'));
      assert.equal(rows.length, 100);
      assert.ok(rows.every((r) => r.conversation.response?.statusCode === 503));
      assert.equal(pageRequests('routing-staging') - before, 19, 'pages 2–20, not the 10 after them');
      assert.equal(progress.calls.length, 1, 'one notification for the walk');
      const options = progress.calls[0][0] as vscode.ProgressOptions;
      assert.equal(options.location, vscode.ProgressLocation.Notification);
      assert.equal(options.cancellable, true);
      assert.match(String(options.title), /routing-staging/);
      assert.match(JSON.stringify(reports.at(-1)), /2,000 deliveries checked, 100 match/, 'it says how far it got');

      // the next page, cancelled as soon as the notification shows: the rows found so far stay
      stubs.restore();
      stubs.on(vscode.window, 'withProgress', (_o: unknown, task: unknown) => {
        const token = new vscode.CancellationTokenSource();
        token.cancel();
        return (task as (p: vscode.Progress<unknown>, t: vscode.CancellationToken) => Promise<unknown>)({ report: () => undefined }, token.token);
      });
      const older = (await children('routing-staging')).at(-1)!;
      await vscode.commands.executeCommand(Commands.loadMore, older);
      const stopped = await children('routing-staging');
      const found = deliveries(stopped).length;
      assert.ok(found < 100, `the search stopped short of a page (${found})`);
      const searchOn = stopped.at(-1)!;
      assert.equal(api.tree.getTreeItem(searchOn).label, 'Search on for older matches');
      stubs.restore();
      await vscode.commands.executeCommand(Commands.loadMore, searchOn);
      const seeded5xx = fake.state.conversationPage('routing-staging', undefined, 10_000).items.filter((c) => (c.response?.status_code ?? 0) >= 500).length - 150;
      assert.equal(deliveries(await children('routing-staging')).length, 50 + seeded5xx, 'the last 50 of the 3,000, and the seeded ones below them');
    });
  });

  describe('failure alerts', () => {
    const marksSaved = async (ids: string[]) => {
      await waitFor('the deliveries seen are remembered', () => {
        const all = api.context.globalState.get<Record<string, Record<string, unknown>>>(TreeStateKeys.seenDeliveries) ?? {};
        return Object.values(all).some((marks) => ids.every((id) => id in marks));
      }, 15_000);
    };
    /** What VS Code does when the view shows: rows, and each row's item (which asks for its health); then the round is told. */
    const look = async () => {
      const rows = await roots();
      for (const n of rows) api.tree.getTreeItem(n);
      await waitFor('every health known', () => rows.every((n) => n.kind !== 'webhook' || api.model.healthOf(n.webhook.id) !== 'unknown'), 15_000);
      await new Promise((r) => setTimeout(r, 300));
    };

    it('a refresh that finds a new failed delivery raises exactly one notification; its Show reveals the delivery under the Failed filter', async () => {
      await look();
      await marksSaved(['orders-prod', 'routing-staging']);
      const warnings = stubs.on(vscode.window, 'showWarningMessage', async () => 'Show');
      addDeliveries('orders-prod', 1, () => ({ status: 500, runId: 'run-broke' }), 'broke');
      // a run fired it: the first delivery (newest) of orders-prod
      await vscode.commands.executeCommand(Commands.refresh);
      await look();
      await waitFor('the notification', () => warnings.calls.length > 0, 15_000);
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(warnings.calls.length, 1, 'one notification');
      assert.equal(warnings.calls[0][0], '1 delivery to orders-prod failed since the last refresh.');
      assert.deepEqual(warnings.calls[0].slice(1), ['Show']);
      await waitFor('the failed delivery selected', () => api.treeView.selection.some((n) => n.kind === 'conversation' && n.conversation.id === 'broke-orders-prod-0'), 30_000);
      assert.ok(api.model.filters.ownFilter('orders-prod'), 'orders-prod is filtered');
      assert.ok(deliveries(await children('orders-prod')).every((r) => r.conversation.response?.statusCode !== 200));

      // nothing new: no notification
      await vscode.commands.executeCommand(Commands.refresh);
      await look();
      await new Promise((r) => setTimeout(r, 2000));
      assert.equal(warnings.calls.length, 1);
    });

    it('several webhooks failing: still one notification, naming each with its count; the setting turns it off', async () => {
      await look();
      await marksSaved(['orders-prod', 'routing-staging']);
      const warnings = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
      addDeliveries('orders-prod', 3, () => ({ status: 502, runId: 'r' }));
      addDeliveries('routing-staging', 2, (i) => ({ status: i ? 'unreachable' : 200, runId: 'r' }));
      await vscode.commands.executeCommand(Commands.refresh);
      await look();
      await waitFor('the notification', () => warnings.calls.length > 0, 15_000);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(warnings.calls.map((c) => c[0]), ['4 deliveries failed since the last refresh: orders-prod (3), routing-staging (1).']);

      await vscode.workspace.getConfiguration('nextmvWebhooks').update('notifyOnFailures', false, vscode.ConfigurationTarget.Global);
      try {
        addDeliveries('orders-prod', 1, () => ({ status: 500, runId: 'quiet' }));
        await vscode.commands.executeCommand(Commands.refresh);
        await look();
        await new Promise((r) => setTimeout(r, 2500));
        assert.equal(warnings.calls.length, 1, 'no notification while the setting is off');
        assert.ok(api.treeView.badge?.value, 'the badge stays');
      } finally {
        await vscode.workspace.getConfiguration('nextmvWebhooks').update('notifyOnFailures', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
});
