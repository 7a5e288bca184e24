import { strict as assert } from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, StateKeys } from '../../src/constants';
import type { Conversation } from '../../src/core/api';
import { summarizeRunStatus } from '../../src/core/inspector/format';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { InputStep, PickStep } from '../../src/common/prompter';
import { INPUT_EMPTY, INPUT_FILE, START_RUN, TEST_DELIVERY } from '../../src/commands/triggerSteps';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import { startReceiver, type FakeApi, type Receiver } from '../tools/fake-api';
import { waitFor } from './helpers/extension';
import { connectToFake } from './helpers/fake';
import { ScriptedPrompter } from './helpers/prompter';
import { Stubs } from './helpers/stubs';

const HOOK = 'local-hook';
const APP = 'order-routing';

/**
 * Trigger Webhook against the fake with its /trigger route OFF (the default, as on Nextmv Cloud): it starts a
 * run through the steps, follows it, and every signed run.status delivery reaches a local receiver, shows in
 * the tree, and the last opens in the inspector. The same with the route ON, and the quick path it offers.
 */
describe('Trigger Webhook: a run, followed to its deliveries', function () {
  this.timeout(60_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  let receiver: Receiver;
  let realPrompter: NextmvWebhooksTestApi['prompter'];
  const stubs = new Stubs();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-trigger-'));

  const addLocalHook = () =>
    fake.state.putWebhook({
      id: HOOK,
      event_types: ['run.status'],
      endpoint_url: `${receiver.url}/hooks/${HOOK}`,
      description: 'a receiver in this test that checks signatures like Nextmv’s handler',
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      secret: 'whsec_trigger_test_0123456789',
      extra: {},
    });

  before(async () => {
    ({ api, fake, stop } = await connectToFake({ runPaceMs: 150, deliveryTimeoutMs: 1000 }));
    receiver = await startReceiver({ secret: ({ path: p }) => fake.secretOf(p.split('/').pop() ?? '') });
    realPrompter = api.prompter;
  });
  /** where this test's deliveries start in the receiver's log */
  let firstDelivery = 0;
  beforeEach(async () => {
    fake.reset();
    firstDelivery = receiver.deliveries.length;
    addLocalHook();
    api.model.invalidate();
    await api.context.globalState.update(StateKeys.triggerRouteMissing, undefined);
  });
  afterEach(async () => {
    stubs.restore();
    api.prompter = realPrompter;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await receiver.close();
    await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const webhookNode = async (id: string) => ((await api.tree.getChildren()) as TreeNode[]).find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === id)!;
  const notifications = () => ({
    info: stubs.on(vscode.window, 'showInformationMessage', async () => undefined),
    warn: stubs.on(vscode.window, 'showWarningMessage', async () => undefined),
    errors: stubs.on(vscode.window, 'showErrorMessage', async () => undefined),
  });
  const ofHook = () => receiver.deliveries.slice(firstDelivery).filter((d) => d.path === `/hooks/${HOOK}`);
  const trigger = async (arg?: unknown) => (await vscode.commands.executeCommand(Commands.triggerWebhook, arg ?? (await webhookNode(HOOK)))) as Conversation | undefined;

  /** What a person sees and gets after a run: deliveries signed and received, rows in the tree, the last inspected. */
  async function assertRunFollowed(final: Conversation | undefined, info: { calls: unknown[][] }) {
    const [createRun] = fake.requestsTo('createRun');
    assert.equal(createRun.path, `/v1/applications/${APP}/runs`);
    assert.deepEqual(JSON.parse(createRun.body ?? '').input, {});
    const runId = fake.state.listRuns()[0].id;
    assert.ok(final, 'the command resolves to the final delivery');

    const received = ofHook();
    assert.deepEqual(received.map((d) => d.verdict), ['valid', 'valid', 'valid'], 'three signed deliveries, each verified like Nextmv’s handler does');
    assert.deepEqual(received.map((d) => summarizeRunStatus(d.body)?.status), ['queued', 'running', 'succeeded']);
    assert.ok(received.every((d) => summarizeRunStatus(d.body)?.runId === runId), 'each names the run');

    const state = api.model.conversationsState(HOOK);
    assert.equal(state?.state, 'loaded');
    const rows = state?.state === 'loaded' ? state.value.items.map((c) => c.id) : [];
    const recorded = fake.state.conversationPage(HOOK, undefined, 10).items.map((c) => c.id);
    assert.deepEqual(rows.slice(0, 3).sort(), recorded.slice(0, 3).sort(), 'the tree lists the three new deliveries');
    assert.equal(final.id, recorded[0], 'the final delivery is the newest');
    assert.equal(summarizeRunStatus(final.request?.body)?.status, 'succeeded');
    await waitFor('the final delivery selected in the tree', () =>
      api.treeView.selection.some((n): n is ConversationNode => n.kind === 'conversation' && n.conversation.id === final.id),
    );
    await waitFor('the final delivery in the inspector', () => api.inspector.panels.openPanels.some((p) => p.conversationId === final.id));
    assert.match(String(info.calls.at(-1)?.[0]), new RegExp(`^Run ${runId} of "${APP}" succeeded\\. 3 run\\.status deliveries to "${HOOK}": 200, 200, 200 \\(all answered 2xx\\)\\.$`));
  }

  for (const triggerEnabled of [false, true]) {
    it(`starts a run through the steps (route ${triggerEnabled ? 'ON' : 'OFF'}): signed deliveries reach the endpoint, show in the tree, the last opens in the inspector`, async () => {
      // one status a second: each delivery arrives in a poll of its own, so each is revealed in a tree that already shows the others
      fake.configure({ triggerEnabled, runPaceMs: 1100 });
      const { info, errors } = notifications();
      const prompter = new ScriptedPrompter([START_RUN, APP, INPUT_EMPTY, '']);
      api.prompter = prompter;
      const final = await trigger();
      assert.deepEqual(errors.calls, []);
      assert.deepEqual(prompter.shown.map((s) => `${s.step.step}/${s.step.totalSteps}`), ['1/4', '2/4', '3/4', '4/4']);
      assert.ok(prompter.shown.every((s) => /uses your Nextmv account's compute/.test(s.step.title)), 'every step says a run uses compute');
      const appStep = prompter.shown[1].step as PickStep;
      assert.deepEqual(appStep.items.map((i) => i.label), [APP], 'applications listed from the API, labelled by id');
      assert.equal(appStep.items[0].description, fake.state.getApplication(APP)?.name);
      assert.equal(fake.requestsTo('triggerWebhook').length, 0, 'a run was asked for, not the test route');
      await assertRunFollowed(final, info);
    });
  }

  it('the test delivery on an API without the route: no error — said plainly, then the run steps; the API is remembered', async () => {
    const { info, errors } = notifications();
    const prompter = new ScriptedPrompter([TEST_DELIVERY, APP, INPUT_EMPTY, '']);
    api.prompter = prompter;
    const final = await trigger();
    assert.deepEqual(errors.calls, [], 'no error');
    assert.equal(fake.requestsTo('triggerWebhook').at(-1)?.status, 404);
    assert.match(String(info.calls[0]?.[0]), /no trigger route.*start a run instead/);
    assert.deepEqual(prompter.shown.map((s) => `${s.step.step}/${s.step.totalSteps}`), ['1/4', '1/3', '2/3', '3/3'], 'the run steps follow, counted anew');
    await assertRunFollowed(final, info);
    assert.deepEqual(api.context.globalState.get(StateKeys.triggerRouteMissing), [fake.url]);

    // next time on this API: straight to the run, no question about the route
    fake.clearRequests();
    const again = new ScriptedPrompter([APP, INPUT_EMPTY, '']);
    api.prompter = again;
    assert.ok(await trigger(HOOK), 'Trigger Webhook by webhook id (as the inspector runs it)');
    assert.equal(again.remaining, 0);
    assert.equal(again.shown[0].step.totalSteps, 3);
    assert.equal((again.shown[0].step as PickStep).items[0].label, APP);
    assert.equal(fake.requestsTo('triggerWebhook').length, 0);
    assert.equal(fake.requestsTo('createRun').length, 1);
  });

  it('the route ON: the quick path sends one test delivery and reveals it; no run, no compute', async () => {
    fake.configure({ triggerEnabled: true });
    const { info, warn } = notifications();
    api.prompter = new ScriptedPrompter([TEST_DELIVERY]);
    const conversation = await trigger();
    assert.ok(conversation);
    assert.equal(fake.requestsTo('createRun').length, 0);
    assert.equal(ofHook().length, 1);
    assert.equal(ofHook()[0].verdict, 'valid');
    assert.match(String([...info.calls, ...warn.calls][0]?.[0]), new RegExp(`Test delivery to "${HOOK}": 200`));
    await waitFor('the new conversation selected', () => api.treeView.selection.some((n) => n.kind === 'conversation' && n.conversation.id === conversation.id), 30_000);
  });

  it('the route ON answering 202 {"status":"queued"}: says Nextmv accepted it', async () => {
    fake.configure({ triggerEnabled: true });
    fake.addFault({ route: 'triggerWebhook', status: 202, body: '{"status":"queued"}', handled: true, times: 1 });
    const { info, errors } = notifications();
    api.prompter = new ScriptedPrompter([TEST_DELIVERY]);
    await trigger();
    assert.deepEqual(errors.calls, []);
    assert.match(String(info.calls[0]?.[0]), new RegExp(`Nextmv accepted the test delivery to "${HOOK}"`));
  });

  it("the inspector's Trigger Again runs the same steps and shows the run's final delivery", async () => {
    const { info } = notifications();
    api.prompter = new ScriptedPrompter([START_RUN, APP, INPUT_EMPTY, '']);
    const first = await trigger();
    assert.ok(first);
    fake.clearRequests();
    const prompter = new ScriptedPrompter([START_RUN, APP, INPUT_EMPTY, '']);
    api.prompter = prompter;
    const runsBefore = fake.state.listRuns().length;
    await api.inspector.panels.receive(first.id, { type: 'triggerAgain', requestId: 7 });
    assert.equal(prompter.remaining, 0);
    assert.equal(fake.state.listRuns().length, runsBefore + 1, 'one more run');
    const newest = fake.state.conversationPage(HOOK, undefined, 1).items[0];
    assert.notEqual(newest.id, first.id);
    await waitFor('the new final delivery in the inspector', () => api.inspector.panels.openPanels.some((p) => p.conversationId === newest.id));
    assert.match(String(info.calls.at(-1)?.[0]), /succeeded\. 3 run\.status deliveries/);
  });

  it('the active editor’s JSON is offered and sent as the input', async () => {
    // a file, not an untitled document: closing a dirty editor after the test would ask to save it
    const file = path.join(tmp, 'editor-input.json');
    fs.writeFileSync(file, '{"stops": [{"id": "s1"}], "note": "from the editor"}');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
    notifications();
    const offered: string[] = [];
    const pickEditor = (step: InputStep | PickStep) => {
      offered.push(...(step as PickStep).items.map((i) => i.label));
      return { kind: 'value' as const, value: [offered[0]] };
    };
    api.prompter = new ScriptedPrompter([START_RUN, APP, pickEditor, '']);
    await trigger();
    assert.deepEqual(offered, ['Active editor: editor-input.json', INPUT_FILE, INPUT_EMPTY]);
    assert.deepEqual(JSON.parse(fake.requestsTo('createRun')[0].body ?? '').input, { stops: [{ id: 's1' }], note: 'from the editor' });
  });

  describe('bad input: one clear message, nothing started, nothing lost', () => {
    const startedNothing = () => {
      assert.equal(fake.requestsTo('createRun').filter((r) => (r.status ?? 0) >= 200 && (r.status ?? 0) < 300).length, 0);
      assert.equal(fake.state.listRuns().length, 0, 'no run');
    };

    it('invalid JSON in the active editor: names it and where the JSON breaks; the text is untouched', async () => {
      const text = '{\n  "stops": [1, 2,]\n}';
      const file = path.join(tmp, 'invalid-editor.json');
      fs.writeFileSync(file, text);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      const { errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, APP, (step) => ({ kind: 'value', value: [(step as PickStep).items[0].label] })]);
      await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /^invalid-editor\.json is not valid JSON \(line 2, column 18: .*\)\. Nothing was sent/);
      assert.equal(fake.requestsTo('createRun').length, 0);
      startedNothing();
      assert.equal(doc.getText(), text);
      assert.equal(fs.readFileSync(file, 'utf8'), text);
    });

    it('invalid JSON in a chosen file: names the file; Choose Another Input goes back to the input step', async () => {
      const bad = path.join(tmp, 'broken-input.json');
      fs.writeFileSync(bad, '{"stops": [}');
      stubs.on(vscode.window, 'showOpenDialog', async () => [vscode.Uri.file(bad)]);
      const { errors } = notifications();
      errors.calls.length = 0;
      stubs.on(vscode.window, 'showErrorMessage', async (...args: unknown[]) => {
        errors.calls.push(args);
        return errors.calls.length === 1 ? 'Choose Another Input' : undefined;
      });
      const prompter = new ScriptedPrompter([START_RUN, APP, INPUT_FILE, 'CANCEL']);
      api.prompter = prompter;
      await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /^broken-input\.json is not valid JSON \(line 1, column 12: /);
      assert.equal(prompter.shown.at(-1)?.step.step, 3, 'the input step again');
      startedNothing();
    });

    it('400 — an input the API rejects (null in a file): the server’s words and what to fix', async () => {
      const nullInput = path.join(tmp, 'null.json');
      fs.writeFileSync(nullInput, 'null');
      stubs.on(vscode.window, 'showOpenDialog', async () => [vscode.Uri.file(nullInput)]);
      const { errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, APP, INPUT_FILE, '']);
      assert.equal(await trigger(), undefined);
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /^Could not start a run of "order-routing": Nextmv Cloud rejected the request: input is null.*Nothing was started\. Fix the run's input/);
      assert.equal(fake.requestsTo('createRun').at(-1)?.status, 400);
      startedNothing();
    });

    it('404 — no such application: says to pick one this key can see', async () => {
      const { errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, 'deleted-app', INPUT_EMPTY, '']);
      await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /Application "deleted-app" was not found \(404\)\. Pick an application/);
      startedNothing();
    });

    it('429 — rate limited: says when to try again; the POST is sent once; Change and Retry keeps every answer', async () => {
      fake.addFault({ route: 'createRun', status: 429, retryAfter: 2, times: 1 });
      const { errors, info } = notifications();
      stubs.on(vscode.window, 'showErrorMessage', async (...args: unknown[]) => {
        errors.calls.push(args);
        return 'Change and Retry';
      });
      const keepAnswers = (step: InputStep | PickStep) =>
        'items' in step ? { kind: 'value' as const, value: [step.items[0].label] } : { kind: 'value' as const, value: step.value };
      const prompter = new ScriptedPrompter([START_RUN, APP, INPUT_EMPTY, 'prod-2', keepAnswers, keepAnswers, INPUT_EMPTY, keepAnswers]);
      api.prompter = prompter;
      const final = await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /^Could not start a run of "order-routing": Nextmv Cloud is limiting the request rate \(429\)\. Try again in 2 s\./);
      assert.equal(prompter.remaining, 0);
      const [limited, started] = fake.requestsTo('createRun');
      assert.equal(limited.status, 429);
      assert.equal(started.path, `/v1/applications/${APP}/runs?instance_id=prod-2`, 'the instance typed before is kept');
      assert.equal(fake.requestsTo('createRun').length, 2, 'one POST per attempt');
      assert.ok(final);
      assert.match(String(info.calls.at(-1)?.[0]), /succeeded/);
    });

    it('the connection drops while starting: one message; nothing started', async () => {
      fake.addFault({ route: 'createRun', reset: true, times: 1 });
      const { errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, APP, INPUT_EMPTY, '']);
      await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /^Could not start a run of "order-routing": The connection to 127\.0\.0\.1:\d+ was closed unexpectedly/);
      assert.equal(fake.requestsTo('createRun').length, 1, 'never repeated by itself');
      assert.equal(fake.state.listRuns().length, 0);
    });

    it('the API unreachable when listing applications: one message; nothing started', async () => {
      fake.addFault({ route: 'listApplications', reset: true });
      const { errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, APP]);
      await trigger();
      assert.equal(errors.calls.length, 1);
      assert.match(String(errors.calls[0][0]), /connection to 127\.0\.0\.1:\d+ was closed unexpectedly/);
      startedNothing();
    });

    it('no application to run: a warning that says what to create', async () => {
      fake.addFault({ route: 'listApplications', status: 200, body: '[]' });
      const { warn, errors } = notifications();
      api.prompter = new ScriptedPrompter([START_RUN, APP]);
      await trigger();
      assert.deepEqual(errors.calls, []);
      assert.match(String(warn.calls[0]?.[0]), /No application is visible with this API key/);
      startedNothing();
    });
  });
});
