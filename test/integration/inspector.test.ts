import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { verifySignature } from '../../src/core/validator/signature';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import type { FakeApi } from '../tools/fake-api';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { Stubs } from './helpers/stubs';

describe('Conversation inspector in VS Code', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  const stubs = new Stubs();
  let conversations: ConversationNode[];

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
    const roots = (await api.tree.getChildren()) as TreeNode[];
    const hook = roots.find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === 'orders-prod')!;
    conversations = ((await api.tree.getChildren(hook)) as TreeNode[]).filter((n): n is ConversationNode => n.kind === 'conversation');
  });
  afterEach(() => stubs.restore());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stop();
  });

  const withResponse = () => conversations.find((c) => c.conversation.response && c.conversation.request?.body)!;
  const showMessageFor = (id: string, posted: { conversationId?: string; message: unknown }[]) =>
    posted.find((p) => p.conversationId === id && (p.message as { type?: string }).type === 'show')?.message as
      | { conversation: Record<string, unknown>; signature: { state: string; valid?: boolean } }
      | undefined;

  it('clicking a conversation opens the inspector with its status; the secret never reaches the webview', async () => {
    const node = withResponse();
    const posted: { conversationId?: string; message: unknown }[] = [];
    const sub = api.inspector.onDidPostMessage((m) => posted.push(m));
    try {
      await vscode.commands.executeCommand(Commands.openConversation, node);
      const shown = await waitFor('the show message', () => showMessageFor(node.conversation.id, posted), 20_000);
      assert.match(JSON.stringify(shown.conversation), new RegExp(String(node.conversation.response!.statusCode)));
      assert.equal(shown.signature.state, 'verified', JSON.stringify(shown.signature));
      assert.equal((shown.signature as unknown as { verdict: { valid: boolean } }).verdict.valid, true, 'the seeded delivery was signed with this secret');
      await waitFor('an inspector tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview));
      const secret = fake.secretOf('orders-prod')!;
      assert.ok(!JSON.stringify(posted).includes(secret), 'no secret in any posted message');
    } finally {
      sub.dispose();
    }
  });

  it('Open Request Body: a read-only JSON document on its own scheme, with the exact body', async () => {
    const node = withResponse();
    await api.inspector.panels.receive(node.conversation.id, { type: 'openRequestBody', requestId: 1 });
    const editor = await waitFor('the body editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'nextmv-webhooks'));
    assert.equal(editor.document.languageId, 'json');
    assert.deepEqual(JSON.parse(editor.document.getText()), JSON.parse(node.conversation.request!.body!));
    assert.match(editor.document.uri.path, new RegExp(node.conversation.id));
  });

  it('Copy as cURL puts the original request on the clipboard; re-signed, it verifies with a fresh timestamp', async () => {
    const node = withResponse();
    await api.inspector.panels.receive(node.conversation.id, { type: 'copyCurl', requestId: 2, resign: false });
    const original = await vscode.env.clipboard.readText();
    assert.match(original, /^curl /);
    assert.ok(original.includes(node.conversation.request!.url!), 'the URL');
    const oldHeader = /Nextmv-Signature: (t=[^']+)/.exec(original)?.[1];
    assert.ok(oldHeader, original);

    await api.inspector.panels.receive(node.conversation.id, { type: 'copyCurl', requestId: 3, resign: true });
    const resigned = await vscode.env.clipboard.readText();
    const header = /Nextmv-Signature: (t=[^']+)/.exec(resigned)?.[1];
    assert.ok(header && header !== oldHeader, 'a new signature');
    const verdict = verifySignature({ header, body: node.conversation.request!.body!, secret: fake.secretOf('orders-prod')! });
    assert.equal(verdict.valid, true, JSON.stringify(verdict.checks));
  });

  it('Compare With… opens the diff editor on two bodies', async () => {
    const [a, b] = conversations.filter((c) => c.conversation.request?.body);
    await vscode.commands.executeCommand(Commands.openConversation, a);
    await waitFor('the panel', () => api.inspector.panels.openPanels.some((p) => p.conversationId === a.conversation.id));
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      const list = (await items) as { conversation: { id: string } }[];
      return list.find((i) => i.conversation.id === b.conversation.id);
    });
    await api.inspector.panels.receive(a.conversation.id, { type: 'compareWith', requestId: 4 });
    const diff = await waitFor('a diff tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff));
    const input = diff.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'nextmv-webhooks');
    assert.equal(input.modified.scheme, 'nextmv-webhooks');
    assert.notEqual(input.original.toString(), input.modified.toString());
  });

  it('a second delivery of the same webhook shows without fetching its signing secret again', async () => {
    // two deliveries not shown yet (opening the shown one again only pins its panel)
    const [x, y] = conversations.filter((c) => c.conversation.request?.body && c !== withResponse());
    assert.ok(x && y, 'the seed has three deliveries with a body on orders-prod');
    const posted: { conversationId?: string; message: unknown }[] = [];
    const sub = api.inspector.onDidPostMessage((m) => posted.push(m));
    try {
      await vscode.commands.executeCommand(Commands.openConversation, x);
      await waitFor('the first show message', () => showMessageFor(x.conversation.id, posted), 20_000);
      const fetches = fake.requestsTo('getSecret').length;
      await vscode.commands.executeCommand(Commands.openConversation, y);
      const shown = await waitFor('the second show message', () => showMessageFor(y.conversation.id, posted), 20_000);
      assert.equal(shown.signature.state, 'verified', JSON.stringify(shown.signature));
      assert.equal(fake.requestsTo('getSecret').length, fetches, 'the secret fetched for the first delivery was reused');
    } finally {
      sub.dispose();
    }
  });
});
