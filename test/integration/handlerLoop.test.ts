/**
 * The handler loop in a real VS Code: deliveries of the fake API sent again to local receivers that check
 * signatures like Nextmv's documented handler (test/tools/fake-api/receiver.ts), edited and sent with Sign &
 * Send, sent to misbehaving targets, and to a handler that New Webhook Handler… wrote, run for real.
 * The target prompt (a quick input) is answered by a script; everything behind it is the extension's own.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import { DEFAULT_SECRET_ENV_VAR, fillHandlerTemplate } from '../../src/core/handlers/templates';
import type { LocalAttempt } from '../../src/core/send/attempt';
import type { TargetAnswer, TargetQuestion } from '../../src/handlerLoop/targetPrompt';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import type { ActionResultMessage, HostToInspectorMessage, LocalAttemptsMessage } from '../../src/shared/inspectorProtocol';
import { startReceiver, type FakeApi, type Receiver } from '../tools/fake-api';
import { startNodeHandler, type RunningHandler } from '../tools/handlers/processes';
import { endlessAnswer, serve, tamperingRelay, type TestServer } from '../tools/handlers/servers';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { Stubs } from './helpers/stubs';

const WEBHOOK = 'orders-prod';

describe('Handler loop in VS Code: Send Again, Edit and Send, Sign & Send, New Webhook Handler', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  let receiver: Receiver;
  let hookUrl: string;
  let deliveries: ConversationNode[];
  const stubs = new Stubs();
  const servers: TestServer[] = [];
  const handlers: RunningHandler[] = [];
  /** what the target prompt was asked, in order */
  const questions: TargetQuestion[] = [];
  let answers: ((q: TargetQuestion) => TargetAnswer | undefined)[] = [];
  const posted: { conversationId?: string; message: HostToInspectorMessage }[] = [];
  let postSub: vscode.Disposable | undefined;

  /** The next Send Again goes to `url` (in the delivery's unit unless given). */
  const sendTo = (url: string, unit?: TargetAnswer['unit']) => answers.push((q) => ({ url, unit: unit ?? q.unit }));

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
    receiver = await startReceiver({ secret: fake.secretOf(WEBHOOK), unit: 'seconds' });
    hookUrl = `${receiver.url}/hooks/${WEBHOOK}`;
    const roots = (await api.tree.getChildren()) as TreeNode[];
    const hook = roots.find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === WEBHOOK)!;
    deliveries = ((await api.tree.getChildren(hook)) as TreeNode[]).filter((n): n is ConversationNode => n.kind === 'conversation' && !!n.conversation.request?.body);
    assert.ok(deliveries.length >= 3, 'the small seed has deliveries with a body');
    api.loop.askForTarget = async (q) => {
      questions.push(q);
      const answer = answers.shift();
      if (!answer) throw new Error(`no scripted target for "${q.what}"`);
      return answer(q);
    };
    postSub = api.inspector.onDidPostMessage((m) => posted.push(m));
  });
  beforeEach(() => {
    // notifications are answered at once (nobody clicks "Show")
    stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
  });
  afterEach(() => {
    stubs.restore();
    assert.equal(answers.length, 0, 'every scripted target was asked for');
    answers = [];
  });
  after(async () => {
    postSub?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('nextmvWebhooks').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([...servers.map((s) => s.close()), ...handlers.map((h) => h.stop()), receiver?.close()]);
    await stop();
  });

  const server = async (handle: Parameters<typeof serve>[0]) => {
    const s = await serve(handle);
    servers.push(s);
    return s;
  };
  const resultOf = (requestId: number) =>
    posted.map((p) => p.message).find((m): m is ActionResultMessage => m.type === 'actionResult' && m.requestId === requestId);
  /** The latest list of a delivery's local attempts posted after message number `since`. */
  const listFor = (conversationId: string, since: number) =>
    waitFor(`the local attempts of ${conversationId}`, () =>
      posted
        .slice(since)
        .map((p) => p.message)
        .filter((m): m is LocalAttemptsMessage => m.type === 'localAttempts' && m.conversationId === conversationId)
        .at(-1),
    );
  const openInspector = async (node: ConversationNode) => {
    await vscode.commands.executeCommand(Commands.openConversation, node);
    await waitFor('the inspector', () => posted.some((p) => p.conversationId === node.conversation.id && p.message.type === 'show'), 20_000);
  };
  /** Send Again… clicked in the inspector (the path a click takes), answered with this request id. */
  const clickSendAgain = async (node: ConversationNode, requestId: number) => {
    await api.inspector.panels.receive(node.conversation.id, { type: 'sendAgain', requestId });
    return waitFor('the action result', () => resultOf(requestId));
  };

  it('Send Again… in the inspector: the receiver gets the exact recorded bytes, validly signed, and the inspector lists the 200 "Sent from VS Code"', async () => {
    const node = deliveries[0];
    await openInspector(node);
    const since = posted.length;
    sendTo(hookUrl);
    const result = await clickSendAgain(node, 101);
    assert.equal(result.ok, true, result.message);
    assert.match(result.message ?? '', new RegExp(`^Sent from VS Code to ${hookUrl.replace(/[.:/]/g, '\\$&')}: 200 OK \\(\\d+ ms\\)$`));

    const [got] = await receiver.waitForDeliveries(1);
    assert.equal(got.verdict, 'valid', `the receiver said ${got.status} ${got.responseBody}`);
    assert.equal(got.body, node.conversation.request!.body, 'byte for byte');
    assert.equal(got.headers['content-type'], node.conversation.request!.headers['Content-Type']);
    assert.equal(got.headers['user-agent'], node.conversation.request!.headers['User-Agent'], 'the recorded headers that make sense are kept');
    assert.notEqual(got.headers['nextmv-signature'], node.conversation.request!.headers['Nextmv-Signature'], 'freshly signed');

    const question = questions.at(-1)!;
    assert.equal(question.unit, 'seconds', 'the unit of the delivery');
    assert.deepEqual(question.choices.map((c) => c.kind), ['endpoint', 'suggestion'], "nothing remembered yet: the webhook's endpoint first");
    assert.equal(question.choices[0].url, fake.state.getWebhook(WEBHOOK)!.endpoint_url);

    const list = await listFor(node.conversation.id, since);
    const [shown] = list.attempts;
    assert.equal(shown.conversation.outcome.word, '200');
    assert.equal(shown.target, hookUrl);
    assert.ok(shown.signature.state === 'verified' && shown.signature.verdict.valid, 'the same signature check as a delivery');
    assert.deepEqual(shown.notes, ['The recorded body, byte for byte.']);
    assert.ok(!JSON.stringify(posted).includes(fake.secretOf(WEBHOOK)!), 'the secret never reaches the webview');
  });

  it('from the delivery row (the command): the remembered target is offered first, and the delivery’s inspector shows the attempt', async () => {
    const node = deliveries[0];
    const before = receiver.deliveries.length;
    const since = posted.length;
    sendTo(hookUrl);
    const attempt = (await vscode.commands.executeCommand(Commands.sendAgain, node)) as LocalAttempt;
    assert.equal(attempt.result.kind === 'answered' && attempt.result.status, 200);
    assert.deepEqual(questions.at(-1)!.choices.map((c) => [c.kind, c.url]).slice(0, 2), [
      ['remembered', hookUrl],
      ['endpoint', fake.state.getWebhook(WEBHOOK)!.endpoint_url],
    ]);
    assert.equal((await receiver.waitForDeliveries(before + 1)).at(-1)!.verdict, 'valid');
    const list = await listFor(node.conversation.id, since);
    assert.deepEqual(list.attempts.map((a) => a.attemptId).slice(0, 1), [attempt.id], 'newest first');
    assert.equal(list.attempts.length, 2, 'this session’s attempts of the delivery stay listed');
  });

  it('from the palette: a quick pick of webhooks, then of deliveries', async () => {
    const node = deliveries[1];
    const picks = stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      const list = (await items) as { label: string; conversation?: { id: string } }[];
      return list.find((i) => i.label === WEBHOOK) ?? list.find((i) => i.conversation?.id === node.conversation.id);
    });
    sendTo(hookUrl);
    const attempt = (await vscode.commands.executeCommand(Commands.sendAgain)) as LocalAttempt;
    assert.equal(picks.calls.length, 2);
    assert.equal(attempt.sourceConversationId, node.conversation.id);
    assert.equal(receiver.deliveries.at(-1)!.body, node.conversation.request!.body);
  });

  it('a look-alike of a delivery row (another extension’s argument) is not sent: the pickers ask instead', async () => {
    const node = deliveries[0];
    const forged = { ...node, conversation: { ...node.conversation, request: { ...node.conversation.request!, body: '{"forged":true}' } } };
    const picks = stubs.on(vscode.window, 'showQuickPick', async () => undefined);
    const asked = questions.length;
    assert.equal(await vscode.commands.executeCommand(Commands.sendAgain, forged), undefined);
    assert.equal(picks.calls.length, 1, 'the webhook picker');
    assert.equal(questions.length, asked, 'no target asked for, nothing signed');
  });

  it('Edit and Send…: the exact body in an editable JSON document; Sign & Send of the edited text arrives valid', async () => {
    const node = deliveries[2];
    const editor = (await vscode.commands.executeCommand(Commands.editAndSend, node)) as vscode.TextEditor;
    assert.equal(editor.document.isUntitled, true);
    assert.equal(editor.document.languageId, 'json');
    assert.equal(editor.document.getText(), node.conversation.request!.body, 'the recorded body, exactly');
    const recorded = node.conversation.request!.body;
    const edited = recorded.replace(/"run_id":"([^"]*)"/, '"run_id":"$1-edited"');
    assert.notEqual(edited, recorded);
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(recorded.length)), edited));
    const before = receiver.deliveries.length;
    sendTo(hookUrl);
    const attempt = (await vscode.commands.executeCommand(Commands.signAndSend)) as LocalAttempt;
    const got = (await receiver.waitForDeliveries(before + 1)).at(-1)!;
    assert.equal(got.verdict, 'valid');
    assert.equal(got.body, edited, 'exactly the text of the editor: no reformatting, no added newline');
    assert.equal(attempt.sourceConversationId, node.conversation.id);
    assert.equal(attempt.edited, true);
    assert.match(attempt.notes[0], /^An edited body/);
    assert.match(questions.at(-1)!.what, new RegExp(`edited body of ${node.conversation.id}`));
  });

  it('Sign & Send of any JSON document asks whose secret; a body changed after signing is rejected (401) and shown as such', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"type":"run.status","data":{"run_id":"run-by-hand","status_v2":"succeeded"}}' });
    await vscode.window.showTextDocument(doc);
    const relay = await server(tamperingRelay(receiver.url, (body) => body.replace('run-by-hand', 'run-by-hanD')));
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => ((await items) as { label: string }[]).find((i) => i.label === WEBHOOK));
    const warnings = stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
    sendTo(`${relay.url}/hooks/${WEBHOOK}`);
    const attempt = (await vscode.commands.executeCommand(Commands.signAndSend)) as LocalAttempt;
    assert.equal(attempt.result.kind === 'answered' && attempt.result.status, 401);
    assert.equal(attempt.result.kind === 'answered' && attempt.result.body, 'Unauthorized: Invalid signature');
    assert.equal(receiver.deliveries.at(-1)!.verdict, 'invalidSignature');
    assert.equal(attempt.sourceConversationId, undefined);
    assert.match(String(warnings.calls.at(-1)?.[0]), /^Sent from VS Code to .*: 401 Unauthorized \(\d+ ms\)$/, 'a warning with the status first');
  });

  it('a target off this machine: asked once in a modal (Cancel sends nothing), then remembered', async () => {
    const node = deliveries[0];
    // 0.0.0.0 reaches this machine, but it is not a loopback name: it is treated as a service elsewhere
    const target = `${receiver.url.replace('127.0.0.1', '0.0.0.0')}/hooks/${WEBHOOK}`;
    let modalAnswer: string | undefined = undefined;
    const modal = stubs.on(vscode.window, 'showWarningMessage', async (...args: unknown[]) => ((args[1] as { modal?: boolean })?.modal ? modalAnswer : undefined));
    const before = receiver.deliveries.length;
    sendTo(target);
    assert.equal(await vscode.commands.executeCommand(Commands.sendAgain, node), undefined, 'cancelled');
    assert.equal(receiver.deliveries.length, before, 'nothing sent');
    modalAnswer = 'Send';
    sendTo(target);
    await vscode.commands.executeCommand(Commands.sendAgain, node);
    sendTo(target);
    await vscode.commands.executeCommand(Commands.sendAgain, node);
    const modals = modal.calls.filter((c) => (c[1] as { modal?: boolean })?.modal);
    assert.equal(modals.length, 2, 'asked when cancelled, and once more before the first send; not again');
    assert.match(String(modals[0][0]), /^Send a signed delivery to http:\/\/0\.0\.0\.0:\d+\/hooks\/orders-prod\?$/);
    assert.equal(receiver.deliveries.length, before + 2);
    assert.ok(receiver.deliveries.slice(-2).every((d) => d.verdict === 'valid'));
  });

  describe('bad targets: one clear line each, nothing retried', () => {
    const sendAgainTo = async (url: string, requestId: number) => {
      const node = deliveries[0];
      const since = posted.length;
      sendTo(url);
      const result = await clickSendAgain(node, requestId);
      const list = await listFor(node.conversation.id, since);
      return { result, first: list.attempts[0] };
    };

    it('unreachable', async () => {
      const gone = await server(() => undefined);
      await gone.close();
      const { result, first } = await sendAgainTo(`${gone.url}/hook`, 201);
      assert.equal(result.ok, false);
      assert.match(result.message ?? '', /: error: could not connect to 127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)\. Is the handler running/);
      assert.equal(first.summary, result.message!.slice(result.message!.indexOf('error: ')));
      assert.equal(first.conversation.outcome.word, 'error');
    });

    it('a redirect is shown, not followed', async () => {
      const elsewhere = await server((_req, res) => res.end('followed'));
      const redirects = await server((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/moved` }).end());
      const { result, first } = await sendAgainTo(`${redirects.url}/hook`, 202);
      assert.match(result.message ?? '', new RegExp(`: 302 Found: a redirect to ${elsewhere.url}/moved, not followed \\(\\d+ ms\\)$`));
      assert.equal(first.conversation.outcome.word, '302');
      assert.equal(elsewhere.received.length, 0);
      assert.equal(redirects.received.length, 1);
    });

    it('not an http(s) URL', async () => {
      sendTo('ftp://127.0.0.1/hook');
      const result = await clickSendAgain(deliveries[0], 203);
      assert.deepEqual([result.ok, result.message], [false, 'Only http:// and https:// URLs can be sent to; "ftp:" is not HTTP.']);
    });

    it('a huge or endless answer is not read', async () => {
      const huge = await server((_req, res) => res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) }).end(Buffer.alloc(5 * 1024 * 1024, 'x')));
      assert.match((await sendAgainTo(`${huge.url}/hook`, 204)).result.message ?? '', /: error: 127\.0\.0\.1:\d+ answered with more than 1 MB; the answer was not read\.$/);
      const endless = await server(endlessAnswer());
      assert.match((await sendAgainTo(`${endless.url}/hook`, 205)).result.message ?? '', /answered with more than 1 MB; the answer was not read\.$/);
      assert.deepEqual([huge.received.length, endless.received.length], [1, 1]);
    });

    it('a target that hangs times out (nextmvWebhooks.requestTimeoutSeconds), once', async () => {
      await vscode.workspace.getConfiguration('nextmvWebhooks').update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
      try {
        const hangs = await server(() => undefined);
        const { result, first } = await sendAgainTo(`${hangs.url}/hook`, 206);
        assert.match(result.message ?? '', /: timeout: 127\.0\.0\.1:\d+ did not answer within 2 s; nothing was retried\.$/);
        assert.equal(first.conversation.outcome.word, 'timeout');
        assert.equal(hangs.received.length, 1);
      } finally {
        await vscode.workspace.getConfiguration('nextmvWebhooks').update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  it('New Webhook Handler… (Node.js) writes a handler for the webhook’s path without its secret; run for real, Send Again to it answers 200', async () => {
    const webhook = fake.state.getWebhook(WEBHOOK)!;
    const hookPath = new URL(webhook.endpoint_url).pathname;
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      const list = (await items) as { label: string }[];
      return list.find((i) => i.label === 'Node.js (node:http, no framework)') ?? list.find((i) => i.label === WEBHOOK);
    });
    const editor = (await vscode.commands.executeCommand(Commands.newWebhookHandler)) as vscode.TextEditor;
    const text = editor.document.getText();
    assert.equal(editor.document.languageId, 'javascript');
    assert.match(text, new RegExp(`const WEBHOOK_PATH = '${hookPath}'; // \\[template:path\\]`));
    assert.match(text, /process\.env\[SECRET_ENV_VAR\]/);
    assert.ok(!text.includes(fake.secretOf(WEBHOOK)!), 'the secret is never written into the file');
    const shipped = fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'media', 'handlers', 'node', 'handler.mjs'), 'utf8');
    assert.equal(text, fillHandlerTemplate(shipped, { path: hookPath, envVar: DEFAULT_SECRET_ENV_VAR }), 'the shipped template, filled');

    const handler = await startNodeHandler({ text, secret: fake.secretOf(WEBHOOK)! });
    handlers.push(handler);
    const node = deliveries[1];
    await openInspector(node);
    const since = posted.length;
    sendTo(`${handler.origin}${hookPath}`);
    const result = await clickSendAgain(node, 301);
    assert.equal(result.ok, true, result.message);
    assert.match(result.message ?? '', /: 200 OK \(\d+ ms\)$/);
    const list = await listFor(node.conversation.id, since);
    assert.equal(list.attempts[0].conversation.response?.body.text, JSON.stringify({ message: 'Webhook received!' }, null, 2));
    await waitFor('the handler’s log line', () => /Webhook received: run\.status/.test(handler.output()));
  });
});
