/**
 * A delivery row's actions in a real VS Code: Copy as cURL (run for real against the receiver the delivery
 * went to), Compare With… and a two-row selection in the diff editor, Open Request/Response Body, Validate
 * Delivery prefilled from the row — and a look-alike of a row from another extension, which none of them uses.
 */
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import { bodyDocumentContent } from '../../src/core/inspector/bodyDocument';
import { validatorPrefillText } from '../../src/core/inspector/deliveryActions';
import { signDelivery, verifySignature } from '../../src/core/validator/signature';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import { startReceiver, type FakeApi, type Receiver } from '../tools/fake-api';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { Stubs } from './helpers/stubs';

/** a webhook of this suite alone: delivers to a local receiver, its secret never fetched by another suite */
const LOCAL = 'rows-local';
/** another, whose secret the API refuses to give */
const LOCKED = 'rows-locked';
const OTHER = 'orders-prod';
/** the id of an hour-old delivery of LOCAL */
const OLD = 'conv-rows-hour-old';

describe('Delivery row actions in VS Code: Copy as cURL, Compare With…, Open Request/Response Body, Validate', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  let receiver: Receiver;
  const stubs = new Stubs();
  /** each webhook's delivery rows, newest first, as the tree drew them */
  const rows = new Map<string, ConversationNode[]>();

  const fire = async (run: string, status: string, webhookIds: string[]) => {
    const r = await fetch(`${fake.url}/_fake/runs/${run}/status`, { method: 'POST', body: JSON.stringify({ status, application_id: 'order-routing', webhook_ids: webhookIds }) });
    assert.equal(r.status, 200, await r.text());
  };
  const diffTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff);
  const textOf = async (uri: vscode.Uri) => (await vscode.workspace.openTextDocument(uri)).getText();
  const forged = (node: ConversationNode): ConversationNode => ({ ...node, conversation: { ...node.conversation, request: { ...node.conversation.request!, body: '{"forged":true}' } } });

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
    receiver = await startReceiver({ secret: ({ path }) => fake.secretOf(path.split('/').pop() ?? ''), unit: 'seconds' });
    const template = fake.state.getWebhook(OTHER)!;
    fake.state.putWebhook({ ...template, id: LOCAL, endpoint_url: `${receiver.url}/hooks/${LOCAL}`, secret: 'whsec_rows_local_0123456789', extra: {} });
    fake.state.putWebhook({ ...template, id: LOCKED, endpoint_url: `${receiver.url}/hooks/${LOCKED}`, secret: 'whsec_rows_locked_0123456789', extra: {} });
    // an hour-old delivery: only a fresh signature gets its replay past the receiver's 300 s freshness check
    const hourAgo = Date.now() - 3_600_000;
    const oldBody = '{"type":"run.status","data":{"run_id":"run-rows-0","application_id":"order-routing","status_v2":"succeeded"}}';
    fake.state.addConversation({
      id: OLD, webhook_id: LOCAL, event_type: 'run.status', created_at: new Date(hourAgo).toISOString(), error: null,
      request: {
        url: `${receiver.url}/hooks/${LOCAL}`, method: 'POST', body: oldBody, sent_at: new Date(hourAgo).toISOString(),
        headers: { 'Content-Type': 'application/json', 'Nextmv-Signature': signDelivery({ body: oldBody, secret: fake.secretOf(LOCAL)!, timestamp: Math.floor(hourAgo / 1000) }) },
      },
      response: { status_code: 200, headers: { 'content-type': 'application/json' }, body: '{"message":"Webhook received!"}', received_at: new Date(hourAgo + 40).toISOString() },
    });
    await fire('run-rows-1', 'running', [LOCAL, LOCKED]);
    await fire('run-rows-1', 'succeeded', [LOCAL, LOCKED]);
    assert.equal(receiver.deliveries.filter((d) => d.verdict === 'valid').length, 4, 'fresh, validly signed deliveries');
    api.model.invalidate();
    const roots = (await api.tree.getChildren()) as TreeNode[];
    for (const id of [LOCAL, LOCKED, OTHER]) {
      const hook = roots.find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === id)!;
      rows.set(id, ((await api.tree.getChildren(hook)) as TreeNode[]).filter((n): n is ConversationNode => n.kind === 'conversation'));
    }
    assert.deepEqual(rows.get(LOCAL)!.map((n) => n.conversation.id === OLD), [false, false, true], 'two fresh deliveries, then the old one');
  });
  beforeEach(async () => {
    stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
    await vscode.env.clipboard.writeText('(nothing copied)');
  });
  afterEach(() => stubs.restore());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await receiver?.close();
    await stop();
  });

  it('Copy as cURL of an hour-old delivery: a fresh signature, said so; the copied command, run by the shell, is accepted by the receiver with the exact body', async () => {
    const node = rows.get(LOCAL)!.find((n) => n.conversation.id === OLD)!;
    const told = stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
    const message = (await vscode.commands.executeCommand(Commands.copyAsCurl, node)) as string;
    const command = await vscode.env.clipboard.readText();
    assert.match(command, /^curl /);
    assert.match(message, /^Copied a cURL command with a fresh Nextmv-Signature \(t=\d+\), so a replay passes/);
    assert.equal(told.calls[0][0], message, 'the user is told which signature it carries');
    const secret = fake.secretOf(LOCAL)!;
    assert.ok(!command.includes(secret) && !message.includes(secret), 'no secret on the clipboard or in the message');
    const header = /Nextmv-Signature: (t=[^']+)/.exec(command)![1];
    assert.notEqual(header, node.conversation.request!.headers['Nextmv-Signature'], 're-signed');
    assert.ok(header.startsWith(/\(t=\d+\)/.exec(message)![0].slice(1, -1)), 'with the t the message names');
    assert.equal(verifySignature({ header, body: node.conversation.request!.body, secret }).valid, true);

    const before = receiver.deliveries.length;
    await new Promise<void>((resolve, reject) => execFile('sh', ['-c', `${command} --silent --show-error`], (err) => (err ? reject(err) : resolve())));
    const [got] = (await receiver.waitForDeliveries(before + 1)).slice(before);
    assert.equal(got.verdict, 'valid', `the receiver answered ${got.status} ${got.responseBody}`);
    assert.equal(got.body, node.conversation.request!.body, 'byte for byte');
  });

  it('Copy as cURL when the secret cannot be fetched: the recorded signature, and a warning that says so', async () => {
    const node = rows.get(LOCKED)![0];
    fake.addFault({ route: 'getSecret', status: 403 });
    try {
      const warned = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
      await vscode.commands.executeCommand(Commands.copyAsCurl, node);
      const command = await vscode.env.clipboard.readText();
      assert.ok(command.includes(`Nextmv-Signature: ${node.conversation.request!.headers['Nextmv-Signature']}`), 'the recorded signature');
      assert.match(String(warned.calls[0]?.[0]), /^Copied a cURL command with the recorded Nextmv-Signature: the signing secret of rows-locked could not be fetched/);
    } finally {
      fake.clearFaults();
    }
  });

  it('Open Request Body and Open Response Body: read-only documents with the exact bodies', async () => {
    const node = rows.get(LOCAL)![0];
    const c = node.conversation;
    await vscode.commands.executeCommand(Commands.openRequestBody, node);
    const request = await waitFor('the request body', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(`/${c.id}/request.json`)));
    assert.equal(request.document.uri.scheme, 'nextmv-webhooks');
    assert.equal(request.document.getText(), bodyDocumentContent(c.request!.body).text);
    assert.deepEqual(JSON.parse(request.document.getText()), JSON.parse(c.request!.body));
    await vscode.commands.executeCommand(Commands.openResponseBody, node);
    const response = await waitFor('the response body', () => vscode.window.visibleTextEditors.find((e) => /\/response\.(json|txt)$/.test(e.document.uri.path) && e.document.uri.path.includes(c.id)));
    assert.equal(response.document.getText(), bodyDocumentContent(c.response!.body).text);
    assert.ok(c.response!.body.length > 0, 'the receiver answered with a body');
  });

  it('Compare With…: the loaded deliveries of every webhook, labelled like their rows; the diff holds the two request bodies, and the responses on request', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const [a, b] = rows.get(LOCAL)!;
    let offered: { label: string; kind?: number; description?: string }[] = [];
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      offered = (await items) as typeof offered;
      return offered.find((i) => i.description === b.conversation.id);
    });
    const asked = stubs.on(vscode.window, 'showInformationMessage', async (...args: unknown[]) => (args.includes('Compare Response Bodies') ? 'Compare Response Bodies' : undefined));
    await vscode.commands.executeCommand(Commands.compareWith, a);
    const separators = offered.filter((i) => i.kind === vscode.QuickPickItemKind.Separator).map((i) => i.label);
    assert.deepEqual(separators.slice(0, 1), [LOCAL], "the delivery's own webhook first");
    assert.ok(separators.includes(OTHER), 'and the deliveries of the other loaded webhooks');
    assert.ok(!offered.some((i) => i.description === a.conversation.id), 'not the delivery itself');
    const otherRow = api.tree.getTreeItem(rows.get(OTHER)![0]) as vscode.TreeItem;
    assert.ok(offered.some((i) => i.label === otherRow.label && i.description === rows.get(OTHER)![0].conversation.id), 'labelled like the row');

    const sidesOf = async (tab: vscode.Tab) => {
      const input = tab.input as vscode.TabInputTextDiff;
      return [await textOf(input.original), await textOf(input.modified)].sort();
    };
    const bodies = (part: 'request' | 'response') => [a, b].map((n) => bodyDocumentContent(n.conversation[part]!.body).text).sort();
    const isPart = (part: string) => (t: vscode.Tab) => new RegExp(`/${part}\\.(json|txt)$`).test((t.input as vscode.TabInputTextDiff).original.path);
    const requestDiff = await waitFor('the request diff', () => diffTabs().find(isPart('request')));
    assert.deepEqual(await sidesOf(requestDiff), bodies('request'));
    assert.notEqual(a.conversation.request!.body, b.conversation.request!.body);
    assert.match(String(asked.calls[0][0]), /^Comparing the request bodies of /);

    const responseDiff = await waitFor('the response diff (the notification’s button)', () => diffTabs().find(isPart('response')));
    assert.deepEqual(await sidesOf(responseDiff), bodies('response'));
  });

  it('two delivery rows selected: their diff at once, no prompt — also across webhooks', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const picks = stubs.on(vscode.window, 'showQuickPick', async () => undefined);
    const a = rows.get(LOCAL)![0];
    const b = rows.get(OTHER)!.find((n) => n.conversation.request?.body)!;
    await vscode.commands.executeCommand(Commands.compareWith, a, [a, b]);
    assert.equal(picks.calls.length, 0, 'no pick');
    const [tab] = await waitFor('the diff', () => (diffTabs().length ? diffTabs() : undefined));
    const input = tab.input as vscode.TabInputTextDiff;
    const sides = [await textOf(input.original), await textOf(input.modified)].sort();
    assert.deepEqual(sides, [bodyDocumentContent(a.conversation.request!.body).text, bodyDocumentContent(b.conversation.request!.body).text].sort());
    assert.match(tab.label, new RegExp(`${OTHER}/${b.conversation.id}`), 'the title names the other webhook');
  });

  it('Validate Delivery on a row: the validator opens with the delivery, its webhook preselected, and says Valid; no secret is posted', async () => {
    const node = rows.get(LOCAL)![0];
    const posted: unknown[] = [];
    const sub = api.validator.onDidPostMessage((m) => posted.push(m));
    try {
      await vscode.commands.executeCommand(Commands.validateDelivery, node);
      const opened = await waitFor('the prefilled form', () =>
        posted.find((m): m is { preselectWebhookId: string; prefill: { delivery: string } } => ['init', 'prefill'].includes((m as { type: string }).type) && !!(m as { prefill?: unknown }).prefill),
      20_000);
      assert.equal(opened.preselectWebhookId, LOCAL);
      assert.equal(opened.prefill.delivery, validatorPrefillText(node.conversation), "the inspector's Validate… text");
      type Verdict = { type: string; verdict: { signature?: { valid: boolean } } };
      const verdicts = () => posted.filter((m): m is Verdict => (m as Verdict).type === 'verdict');
      // the form validates as it fills; the verdict on the whole delivery is Valid
      await waitFor('a Valid verdict', () => verdicts().some((v) => v.verdict.signature?.valid === true), 30_000).catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(verdicts().at(-1))}`);
      });
      assert.ok(!JSON.stringify(posted).includes(fake.secretOf(LOCAL)!));
    } finally {
      sub.dispose();
    }
  });

  it("a look-alike of a row (another extension's argument) is refused: nothing copied, opened or compared without the user picking", async () => {
    const fake1 = forged(rows.get(LOCAL)![0]);
    const fake2 = forged(rows.get(LOCAL)![1]);
    const picks = stubs.on(vscode.window, 'showQuickPick', async () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand(Commands.copyAsCurl, fake1), undefined);
    assert.equal(await vscode.env.clipboard.readText(), '(nothing copied)');
    await vscode.commands.executeCommand(Commands.openRequestBody, fake1);
    assert.equal(await vscode.commands.executeCommand(Commands.compareWith, fake1, [fake1, fake2]), undefined);
    assert.equal(picks.calls.length, 3, 'each asked for a webhook instead (and was cancelled)');
    assert.equal(diffTabs().length, 0);
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.getText().includes('forged')));

    const posted: unknown[] = [];
    const sub = api.validator.onDidPostMessage((m) => posted.push(m));
    try {
      await vscode.commands.executeCommand(Commands.validateDelivery, fake1);
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(!JSON.stringify(posted).includes('forged'), 'the validator is not prefilled with it');
    } finally {
      sub.dispose();
    }
  });

  it('from the palette: Copy as cURL picks a webhook, then a delivery', async () => {
    const node = rows.get(LOCAL)![1];
    const picks = stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      const list = (await items) as { label: string; description?: string }[];
      return list.find((i) => i.label === LOCAL) ?? list.find((i) => i.description === node.conversation.id);
    });
    await vscode.commands.executeCommand(Commands.copyAsCurl);
    assert.equal(picks.calls.length, 2);
    const command = await vscode.env.clipboard.readText();
    assert.ok(command.includes(node.conversation.request!.url));
  });
});
