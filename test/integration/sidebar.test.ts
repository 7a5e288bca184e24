import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, TreeContextKeys } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import type { FakeApi } from '../tools/fake-api';
import { connectToFake } from './helpers/fake';
import { ScriptedPrompter } from './helpers/prompter';
import { Stubs } from './helpers/stubs';
import { waitFor } from './helpers/extension';

describe('Sidebar against the fake Nextmv API', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  const stubs = new Stubs();
  const originalPrompter = () => api.prompter;
  let realPrompter: NextmvWebhooksTestApi['prompter'];

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
    realPrompter = originalPrompter();
  });
  after(async () => stop());
  afterEach(() => {
    stubs.restore();
    api.prompter = realPrompter;
    fake.reset();
    api.model.invalidate();
  });

  const roots = () => api.tree.getChildren() as Promise<TreeNode[]>;
  const labels = async () => (await roots()).map((n) => api.tree.getTreeItem(n).label);
  const webhookNode = async (id: string) => (await roots()).find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === id)!;
  const quiet = () => {
    stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
  };

  describe('tree', () => {
    it('lists one row per webhook, labelled with the id exactly, host and health in the description', async () => {
      assert.deepEqual(await labels(), ['empty-hook', 'orders-prod', 'routing-staging']);
      const node = await webhookNode('orders-prod');
      const item = api.tree.getTreeItem(node);
      assert.match(String(item.description), /^hooks\.acme-logistics\.example\.com/);
      assert.match(String(item.contextValue), /^webhook;/);
      assert.equal(item.tooltip, undefined, 'tooltips are built on hover');
      const md = (api.tree.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value;
      assert.match(md, /Endpoint/);
      assert.match(md, /run\\\.status/);
    });

    it('health comes from one small request per webhook and shows as icon + words; the badge counts failing ones', async () => {
      // health checks are paced (10/s): let the previous test's last ones land before counting
      api.model.invalidate();
      await new Promise((r) => setTimeout(r, 500));
      fake.clearRequests();
      api.model.invalidate(); // a fresh start: checks the view itself asked for meanwhile are dropped
      await roots();
      for (const id of ['empty-hook', 'orders-prod', 'routing-staging']) api.model.healthOf(id);
      await waitFor('health of all three', () => ['empty-hook', 'orders-prod', 'routing-staging'].every((id) => api.model.healthOf(id) !== 'unknown'));
      assert.equal(api.model.healthOf('empty-hook'), 'none');
      assert.match(String(api.tree.getTreeItem(await webhookNode('empty-hook')).description), /no deliveries/);
      const healthRequests = fake.requestsTo('listConversations');
      assert.equal(healthRequests.length, 3, 'one request per webhook');
      assert.ok(healthRequests.every((r) => /limit=1\b/.test(r.path)), 'health asks for one conversation');
      const failing = api.model.failingCount();
      await waitFor('badge', () => (failing ? api.treeView.badge?.value === failing : api.treeView.badge === undefined));
    });

    it('a health check that learns nothing new redraws nothing (an expanded webhook keeps its rows, so a click on Load more… still lands)', async () => {
      api.model.invalidate();
      await new Promise((r) => setTimeout(r, 500));
      const id = 'orders-prod';
      await api.model.loadWebhooks();
      fake.addFault({ route: 'listConversations', latencyMs: 800, times: 1 }); // the health check answers last
      api.model.healthOf(id);
      await new Promise((r) => setTimeout(r, 100));
      await api.model.loadConversations(id); // the first page tells the health first
      const changes: unknown[] = [];
      const sub = api.model.onDidChange((e) => e?.webhookId === id && changes.push(e));
      try {
        await new Promise((r) => setTimeout(r, 1200));
        assert.equal(fake.requestsTo('listConversations').filter((r) => /limit=1\b/.test(r.path) && r.path.includes(id)).length, 1, 'the health check was made');
        assert.deepEqual(changes, [], 'no change fired for an answer already known');
      } finally {
        sub.dispose();
      }
    });

    it("the view's description names the API host (when it is not Nextmv Cloud) and where the key comes from", async () => {
      await roots();
      const expected = `${new URL(fake.url).host} · key: secret storage`;
      await waitFor(`description "${expected}"`, () => api.treeView.description === expected);
    });

    it('conversations newest first, status word first, with latency; one request for the page', async () => {
      const node = await webhookNode('orders-prod');
      fake.clearRequests();
      const kids = (await api.tree.getChildren(node)) as TreeNode[];
      assert.equal(fake.requestsTo('listConversations').length, 1);
      const convs = kids.filter((k) => k.kind === 'conversation');
      assert.equal(convs.length, 12);
      const times = convs.map((c) => Date.parse((c as { conversation: { createdAt: string } }).conversation.createdAt));
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      const first = api.tree.getTreeItem(convs[0]);
      assert.match(String(first.label), /^(\d{3}|error|timeout) · run\.status · /);
      assert.equal(first.command?.command, Commands.openConversation);
    });

    it('Older deliveries replaces the page of 100 with the next (one request); Newer goes back without one', async () => {
      fake.configure({ paginate: true, pageSize: 100 });
      // 250 conversations on one webhook
      const stop2 = fake.state.getWebhook('orders-prod')!;
      const base = fake.state.conversationPage('orders-prod', undefined, 1).items[0];
      const many = Array.from({ length: 250 }, (_, i) => ({ ...base, id: `conv-load-${i}`, created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
      for (const c of many) fake.state.addConversation({ ...c, webhook_id: stop2.id });
      api.model.invalidate();
      const node = await webhookNode('orders-prod');
      fake.clearRequests();
      const pageRequests = () => fake.requestsTo('listConversations').filter((r) => !/limit=1\b/.test(r.path)).length;
      let kids = (await api.tree.getChildren(node)) as TreeNode[];
      const firstPage = kids.filter((k) => k.kind === 'conversation');
      assert.equal(firstPage.length, 100);
      assert.equal(kids[0].kind, 'conversation', 'no Newer row on the first page');
      const older = kids.at(-1)!;
      assert.equal(older.kind, 'page');
      assert.equal(api.tree.getTreeItem(older).label, 'Older deliveries');
      assert.equal(api.tree.getTreeItem(older).description, 'from 101');
      await vscode.commands.executeCommand(Commands.loadMore, older);
      kids = (await api.tree.getChildren(node)) as TreeNode[];
      const second = kids.filter((k): k is ConversationNode => k.kind === 'conversation');
      assert.equal(second.length, 100, 'the next 100 replace the first 100');
      assert.ok(!second.some((c) => firstPage.includes(c)), 'none of the first page stays');
      assert.equal(api.tree.getTreeItem(kids[0]).label, 'Newer deliveries');
      assert.equal(api.tree.getTreeItem(kids.at(-1)!).description, 'from 201', 'how many more is not known before they are fetched');
      assert.equal(pageRequests(), 2, 'one request per page');
      await vscode.commands.executeCommand(Commands.loadMore, older); // the row of page 1, clicked again: already replaced
      await vscode.commands.executeCommand(Commands.loadMore, kids[0]); // the Newer row
      kids = (await api.tree.getChildren(node)) as TreeNode[];
      assert.deepEqual(kids.filter((k) => k.kind === 'conversation').map((k) => (k as ConversationNode).conversation.id), firstPage.map((k) => (k as ConversationNode).conversation.id));
      assert.equal(pageRequests(), 2, 'going back asks for nothing');
    });

    it('reloading a webhook forgets the rows of deliveries that are gone (no node kept for them)', async () => {
      const node = await webhookNode('orders-prod');
      const kids = (await api.tree.getChildren(node)) as TreeNode[];
      const shown = kids.filter((k): k is Extract<TreeNode, { kind: 'conversation' }> => k.kind === 'conversation').map((k) => k.conversation.id);
      assert.ok(shown.length > 0 && shown.every((id) => api.tree.conversationNode('orders-prod', id)), 'rows known while shown');
      // the server forgets every delivery of the webhook
      const stored = fake.state.getWebhook('orders-prod')!;
      fake.state.deleteWebhook('orders-prod');
      fake.state.putWebhook(stored);
      api.model.invalidate('orders-prod');
      assert.deepEqual(shown.filter((id) => api.tree.conversationNode('orders-prod', id)), [], 'invalidated: forgotten');
      const after = (await api.tree.getChildren(node)) as TreeNode[];
      assert.equal(after.filter((k) => k.kind === 'conversation').length, 0);
      assert.deepEqual(shown.filter((id) => api.tree.conversationNode('orders-prod', id)), [], 'reloaded: still forgotten');
    });

    it('an empty list shows the Create Webhook welcome (no rows)', async () => {
      fake.state.clear();
      api.model.invalidate();
      assert.deepEqual(await roots(), []);
    });

    const errorCases: [string, Parameters<FakeApi['addFault']>[0], string][] = [
      ['401', { route: 'listWebhooks', status: 401 }, 'unauthorized'],
      ['500', { route: 'listWebhooks', status: 500 }, 'server'],
      ['503', { route: 'listWebhooks', status: 503, times: 10 }, 'server'],
      ['429', { route: 'listWebhooks', status: 429, retryAfter: 30 }, 'rateLimited'],
      ['reset', { route: 'listWebhooks', reset: true }, 'unreachable'],
      ['malformed JSON', { route: 'listWebhooks', malformedJson: true }, 'other'],
    ];
    const welcome = (kind: string) =>
      (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.viewsWelcome as { contents: string; when: string }[]).find((w) => w.when.includes(`${TreeContextKeys.loadError} == ${kind}`));
    for (const [name, fault, kind] of errorCases) {
      it(`a ${name} answer of the webhook list is the "${kind}" welcome view (no rows), with its buttons`, async () => {
        fake.addFault(fault);
        api.model.invalidate();
        assert.deepEqual(await roots(), [], 'no row: the welcome view shows');
        assert.equal(api.tree.rootError, kind);
        const content = welcome(kind)?.contents ?? '';
        assert.match(content, /\[(Retry|Set API Key|Open Settings)\]\(command:/);
        assert.match(content, /\[Show Logs\]\(command:nextmvWebhooks\.showLogs\)/);
        assert.ok(!content.includes(fake.key));
      });
    }

    it('Retry (Refresh) after a failed list loads it again and the welcome goes', async () => {
      fake.addFault({ route: 'listWebhooks', status: 500, times: 1 });
      api.model.invalidate();
      assert.deepEqual(await roots(), []);
      assert.equal(api.tree.rootError, 'server');
      await vscode.commands.executeCommand(Commands.refresh);
      assert.deepEqual(await labels(), ['empty-hook', 'orders-prod', 'routing-staging']);
      assert.equal(api.tree.rootError, '');
    });

    it("a webhook whose deliveries fail to load shows an error row that is not clickable, with an inline Refresh that retries", async () => {
      const node = await webhookNode('orders-prod');
      fake.addFault({ route: 'listConversations', status: 500 }); // not retried automatically, unlike 503
      api.model.invalidate('orders-prod');
      const [row, ...rest] = (await api.tree.getChildren(node)) as TreeNode[];
      assert.deepEqual(rest, []);
      const item = api.tree.getTreeItem(row);
      assert.equal(item.label, 'Nextmv had a problem');
      assert.equal(item.command, undefined, 'not a clickable row');
      assert.equal(item.contextValue, 'loadError');
      const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[];
      assert.ok(menus.some((m) => m.command === Commands.refreshNode && m.group.startsWith('inline') && m.when.includes('viewItem == loadError')), 'Retry (Refresh) is inline');
      fake.clearFaults();
      await vscode.commands.executeCommand(Commands.refreshNode, row);
      const kids = (await api.tree.getChildren(node)) as TreeNode[];
      assert.equal(kids.filter((k) => k.kind === 'conversation').length, 12);
    });
  });

  describe('commands', () => {
    it('Create Webhook: four steps with counts, run.status preselected; the webhook is created and selected', async () => {
      quiet();
      const prompter = new ScriptedPrompter(['orders-prod', 'new-one', 'https://example.com/hook', ['run.status'], 'made by a test']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.createWebhook);
      assert.match(prompter.shown[0].problem ?? '', /already exists/, 'a taken id is refused as you type');
      assert.deepEqual(prompter.shown.map((s) => `${s.step.step}/${s.step.totalSteps}`), ['1/4', '1/4', '2/4', '3/4', '4/4']);
      const pick = prompter.shown[3].step as { readonly items: readonly { label: string; picked?: boolean }[] };
      assert.ok(pick.items.find((i) => i.label === 'run.status')?.picked, 'run.status preselected');
      const stored = fake.state.getWebhook('new-one');
      assert.equal(stored?.endpoint_url, 'https://example.com/hook');
      assert.equal(stored?.description, 'made by a test');
      await waitFor('selection', () => api.treeView.selection.some((n) => n.kind === 'webhook' && n.webhook.id === 'new-one'), 30_000);
    });

    it('Create Webhook: every validation message as you type', async () => {
      quiet();
      const prompter = new ScriptedPrompter(['bad id!', 'ok-id', 'not a url', 'ftp://x.example', 'http://example.com/h', ['run.status'], '']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.createWebhook);
      const problems = prompter.shown.map((s) => s.problem).filter(Boolean);
      assert.match(problems[0]!, /letters, digits/);
      assert.match(problems[1]!, /not an absolute URL/);
      assert.match(problems[2]!, /Only http and https/);
      assert.match(problems[3]!, /unencrypted/, 'plain http is a warning that lets the value through');
      assert.equal(fake.state.getWebhook('ok-id')?.endpoint_url, 'http://example.com/h');
    });

    for (let cancelAt = 1; cancelAt <= 4; cancelAt++) {
      it(`Create Webhook: cancel at step ${cancelAt} creates nothing`, async () => {
        const answers = ['cancel-test', 'https://example.com/c', ['run.status'], 'd'].slice(0, cancelAt - 1);
        api.prompter = new ScriptedPrompter([...answers, 'CANCEL'] as never);
        const before = fake.state.webhookCount;
        const result = await vscode.commands.executeCommand(Commands.createWebhook);
        assert.equal(result, undefined);
        assert.equal(fake.state.webhookCount, before);
        assert.equal(fake.requestsTo('createWebhook').length, 0);
      });
    }

    it('Create Webhook: Back returns to the previous step with the value kept', async () => {
      quiet();
      const prompter = new ScriptedPrompter(['back-test', 'https://example.com/1', 'BACK', 'https://example.com/2', ['run.status'], '']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.createWebhook);
      assert.equal((prompter.shown[3].step as { value: string }).value, 'https://example.com/1', 'going back shows what was typed');
      assert.equal(fake.state.getWebhook('back-test')?.endpoint_url, 'https://example.com/2');
    });

    it('Create Webhook: a server error loses nothing — the steps reopen prefilled', async () => {
      fake.addFault({ route: 'createWebhook', status: 500, times: 1 });
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => 'Edit and Retry');
      quiet();
      const prompter = new ScriptedPrompter(['retry-me', 'https://example.com/r', ['run.status'], 'kept', 'retry-me', 'https://example.com/r', ['run.status'], 'kept']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.createWebhook);
      assert.match(String(errors.calls[0][0]), /Could not create webhook "retry-me"/);
      assert.equal((prompter.shown[4].step as { value: string }).value, 'retry-me', 'reopened with the id typed before');
      assert.equal((prompter.shown[5].step as { value: string }).value, 'https://example.com/r');
      assert.ok(fake.state.getWebhook('retry-me'));
    });

    it('Create Webhook: a 2xx without the webhook (202 {"status":"queued"}) is success — no error, and the row shows what Nextmv has', async () => {
      fake.addFault({ route: 'createWebhook', status: 202, body: '{"status":"queued"}', handled: true, times: 1 });
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
      quiet();
      api.prompter = new ScriptedPrompter(['queued-hook', 'https://example.com/q', ['run.status'], 'queued']);
      await vscode.commands.executeCommand(Commands.createWebhook);
      assert.deepEqual(errors.calls, [], 'no error');
      assert.equal(fake.requestsTo('createWebhook').length, 1, 'created once');
      assert.ok(fake.requestsTo('getWebhook').some((r) => r.path === '/v1/webhooks/queued-hook'), 'then read back');
      const cached = api.model.findWebhook('queued-hook');
      assert.equal(cached?.endpointUrl, 'https://example.com/q');
      assert.equal(cached?.createdAt, fake.state.getWebhook('queued-hook')?.created_at, "the server's own fields");
      assert.equal(cached?.raw.status, undefined, 'the answer\'s "status" is not taken for a field of the webhook');
    });

    it('Edit Webhook: after a save answered with an empty body, the next edit does not claim a change elsewhere', async () => {
      fake.addFault({ route: 'updateWebhook', status: 200, body: '', handled: true, times: 1 });
      const warn = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
      quiet();
      api.prompter = new ScriptedPrompter(['routing-staging', 'https://staging.example.com/one', ['run.status'], 'first']);
      await vscode.commands.executeCommand(Commands.editWebhook, await webhookNode('routing-staging'));
      assert.equal(fake.state.getWebhook('routing-staging')?.description, 'first');
      assert.equal(api.model.findWebhook('routing-staging')?.updatedAt, fake.state.getWebhook('routing-staging')?.updated_at, 'the cache has the new updated_at');
      api.prompter = new ScriptedPrompter(['routing-staging', 'https://staging.example.com/two', ['run.status'], 'second']);
      await vscode.commands.executeCommand(Commands.editWebhook, await webhookNode('routing-staging'));
      assert.deepEqual(warn.calls, [], 'no "changed on Nextmv" warning');
      assert.deepEqual(errors.calls, []);
      assert.equal(fake.state.getWebhook('routing-staging')?.description, 'second');
    });

    it('Edit Webhook: a change elsewhere is noticed even when the server sends no updated_at (the whole object is compared)', async () => {
      const stored = fake.state.getWebhook('orders-prod')!;
      const noTime = { ...stored, updated_at: undefined as unknown as string };
      fake.state.putWebhook(noTime);
      api.model.invalidate();
      const node = await webhookNode('orders-prod');
      assert.equal(node.webhook.updatedAt, undefined);
      fake.state.putWebhook({ ...noTime, description: 'changed elsewhere' });
      const warn = stubs.on(vscode.window, 'showWarningMessage', async () => undefined); // the user says no
      api.prompter = new ScriptedPrompter(['orders-prod', stored.endpoint_url, ['run.status'], 'mine']);
      await vscode.commands.executeCommand(Commands.editWebhook, node);
      assert.match(String(warn.calls[0]?.[0]), /was changed on Nextmv since it was loaded/);
      assert.equal(fake.requestsTo('updateWebhook').length, 0, 'not overwritten');
      assert.equal(fake.state.getWebhook('orders-prod')?.description, 'changed elsewhere');
    });

    it('Edit Webhook: a failed save loses nothing — Edit and Retry reopens the steps with what was typed', async () => {
      fake.addFault({ route: 'updateWebhook', status: 500, times: 1 });
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => 'Edit and Retry');
      quiet();
      const typed = ['routing-staging', 'https://staging.example.com/typed', ['run.status'], 'typed'];
      const prompter = new ScriptedPrompter([...typed, ...typed]);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.editWebhook, await webhookNode('routing-staging'));
      assert.match(String(errors.calls[0]?.[0]), /Could not save webhook "routing-staging"/);
      assert.deepEqual(errors.calls[0].slice(1), ['Edit and Retry']);
      assert.equal((prompter.shown[5]?.step as { value: string } | undefined)?.value, 'https://staging.example.com/typed', 'reopened with what was typed');
      assert.equal((prompter.shown[7]?.step as { value: string } | undefined)?.value, 'typed');
      assert.equal(fake.requestsTo('updateWebhook').length, 2);
      assert.equal(fake.state.getWebhook('routing-staging')?.description, 'typed');
    });

    it('Edit Webhook: prefilled steps, PUT of the whole object keeping unknown fields', async () => {
      quiet();
      const stored = fake.state.getWebhook('routing-staging')!;
      fake.state.putWebhook({ ...stored, extra: { team: 'qa', retries: 3 } });
      api.model.invalidate();
      const node = await webhookNode('routing-staging');
      const prompter = new ScriptedPrompter(['routing-staging', 'https://staging.example.com/new', ['run.status'], 'edited']);
      api.prompter = prompter;
      await vscode.commands.executeCommand(Commands.editWebhook, node);
      assert.equal((prompter.shown[1].step as { value: string }).value, stored.endpoint_url, 'prefilled');
      const put = fake.requestsTo('updateWebhook')[0];
      const body = JSON.parse(put.body ?? '{}');
      assert.equal(body.team, 'qa');
      assert.equal(body.retries, 3);
      assert.equal(fake.state.getWebhook('routing-staging')?.endpoint_url, 'https://staging.example.com/new');
    });

    it('Edit Webhook: asks before overwriting a change made on the server since loading', async () => {
      const node = await webhookNode('orders-prod');
      const stored = fake.state.getWebhook('orders-prod')!;
      fake.state.putWebhook({ ...stored, description: 'changed elsewhere', updated_at: new Date(Date.now() + 5000).toISOString() });
      const warn = stubs.on(vscode.window, 'showWarningMessage', async () => undefined); // the user says no
      api.prompter = new ScriptedPrompter(['orders-prod', stored.endpoint_url, ['run.status'], 'mine']);
      await vscode.commands.executeCommand(Commands.editWebhook, node);
      assert.match(String(warn.calls[0][0]), /was changed on Nextmv since it was loaded/);
      assert.equal(fake.requestsTo('updateWebhook').length, 0, 'not overwritten');
      assert.equal(fake.state.getWebhook('orders-prod')?.description, 'changed elsewhere');
    });

    it('Delete Webhook: one modal naming every selected webhook deletes them all', async () => {
      const a = await webhookNode('empty-hook');
      const b = await webhookNode('routing-staging');
      const warn = stubs.on(vscode.window, 'showWarningMessage', async () => 'Delete');
      await vscode.commands.executeCommand(Commands.deleteWebhook, a, [a, b]);
      assert.equal(warn.calls.length, 1);
      assert.match(String(warn.calls[0][0]), /"empty-hook", "routing-staging"/);
      assert.equal((warn.calls[0][1] as vscode.MessageOptions).modal, true);
      assert.equal(fake.state.getWebhook('empty-hook'), undefined);
      assert.equal(fake.state.getWebhook('routing-staging'), undefined);
      assert.deepEqual(await labels(), ['orders-prod']);
    });

    it('Delete Webhook: dismissing the modal deletes nothing', async () => {
      const a = await webhookNode('empty-hook');
      stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
      await vscode.commands.executeCommand(Commands.deleteWebhook, a);
      assert.ok(fake.state.getWebhook('empty-hook'));
      assert.equal(fake.requestsTo('deleteWebhook').length, 0);
    });

    it('palette commands without a webhook offer a quick pick labelled by id', async () => {
      const pick = stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => (await (items as Promise<{ label: string }[]>))[1]);
      stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
      await vscode.commands.executeCommand(Commands.copyEndpointUrl);
      const offered = (await (pick.calls[0][0] as Promise<{ label: string }[]>)).map((i) => i.label);
      assert.deepEqual(offered, ['empty-hook', 'orders-prod', 'routing-staging']);
      assert.equal(await vscode.env.clipboard.readText(), fake.state.getWebhook('orders-prod')!.endpoint_url);
    });

    it('Copy Signing Secret puts the secret on the clipboard and nowhere else', async () => {
      const info = stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
      await vscode.commands.executeCommand(Commands.copySigningSecret, await webhookNode('orders-prod'));
      const secret = fake.secretOf('orders-prod')!;
      assert.equal(await vscode.env.clipboard.readText(), secret);
      assert.match(String(info.calls[0][0]), /copied to the clipboard/);
      assert.ok(!info.calls.flat().join(' ').includes(secret), 'not in the notification');
    });

    it('Copy Signing Secret run with a bare id or a look-alike row (as another extension could) asks the user instead of copying', async () => {
      const pick = stubs.on(vscode.window, 'showQuickPick', async () => undefined);
      const real = await webhookNode('orders-prod');
      await vscode.env.clipboard.writeText('before');
      for (const arg of ['orders-prod', { kind: 'webhook', webhook: { ...real.webhook } }]) {
        assert.equal(await vscode.commands.executeCommand(Commands.copySigningSecret, arg), false);
      }
      assert.equal(pick.calls.length, 2, 'each time the quick pick asked which webhook');
      assert.equal(await vscode.env.clipboard.readText(), 'before', 'nothing was copied');
    });

    for (const [status, expected] of [[404, /not found|no longer exists|does not exist/i], [409, /already|conflict/i], [429, /rate|too many|try again/i], [500, /Nextmv|server/i]] as const) {
      it(`a ${status} from a command is one clear error notification`, async () => {
        fake.addFault({ route: 'getSecret', status, retryAfter: 1, times: 5 });
        const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
        await vscode.commands.executeCommand(Commands.copySigningSecret, await webhookNode('orders-prod'));
        assert.equal(errors.calls.length, 1);
        assert.match(String(errors.calls[0][0]), expected);
        assert.ok(!String(errors.calls[0][0]).includes(fake.key));
      });
    }
  });

  describe('network failures in commands', () => {
    it('a dropped connection is one clear error notification, and nothing is lost', async () => {
      fake.addFault({ route: 'createWebhook', reset: true, times: 1 });
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined); // the user gives up
      api.prompter = new ScriptedPrompter(['net-fail', 'https://example.com/n', ['run.status'], '']);
      await vscode.commands.executeCommand(Commands.createWebhook);
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /Could not create webhook "net-fail": .*(reach|connection|network)/i);
      assert.equal(fake.requestsTo('createWebhook').length, 1, 'a POST is never retried automatically');
    });

    it('a timeout on a read is reported as one, without the key', async () => {
      await vscode.workspace.getConfiguration('nextmvWebhooks').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
      try {
        fake.addFault({ route: 'getSecret', stall: true, times: 5 });
        const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
        await vscode.commands.executeCommand(Commands.copySigningSecret, await webhookNode('orders-prod'));
        assert.equal(errors.calls.length, 1);
        assert.match(String(errors.calls[0][0]), /time|took too long/i);
        assert.ok(!String(errors.calls[0][0]).includes(fake.key));
      } finally {
        await vscode.workspace.getConfiguration('nextmvWebhooks').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('API key', () => {
    it('a key Nextmv rejects is not stored, with an error', async () => {
      await api.keys.clear();
      stubs.on(vscode.window, 'showInputBox', async () => 'wrong-key-123456');
      const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
      const saved = await vscode.commands.executeCommand(Commands.setApiKey);
      assert.equal(saved, false);
      assert.match(String(errors.calls[0][0]), /rejected this API key \(401\)/);
      assert.equal(await api.keys.get(), undefined);
      await api.keys.store(fake.key);
    });

    it('a key Nextmv accepts is stored', async () => {
      await api.keys.clear();
      stubs.on(vscode.window, 'showInputBox', async () => fake.key);
      quiet();
      assert.equal(await vscode.commands.executeCommand(Commands.setApiKey), true);
      assert.deepEqual(await api.keys.get(), { key: fake.key, source: 'storage' });
    });

    it('when Nextmv cannot be reached, "Save Anyway" stores it and dismissing does not', async () => {
      await api.keys.clear();
      fake.addFault({ route: 'listWebhooks', reset: true });
      stubs.on(vscode.window, 'showInputBox', async () => fake.key);
      quiet();
      const warn = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.setApiKey), false);
      assert.match(String(warn.calls[0][0]), /Could not check the API key/);
      assert.equal(await api.keys.get(), undefined);
      stubs.restore();
      stubs.on(vscode.window, 'showInputBox', async () => fake.key);
      quiet();
      stubs.on(vscode.window, 'showWarningMessage', async () => 'Save Anyway');
      assert.equal(await vscode.commands.executeCommand(Commands.setApiKey), true);
      assert.equal((await api.keys.get())?.key, fake.key);
    });
  });
});
