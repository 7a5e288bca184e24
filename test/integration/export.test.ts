/**
 * Export Deliveries… and a delivery row's Export… in a real VS Code against the fake API: the file is read
 * back and compared with what the fake answers for the same conversations, fetched from it directly.
 * Only the save dialog, the notifications and (for cancel and mid-walk faults) the progress notification
 * are stubbed; the walk, the masking and the file writing are the extension's own.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { ExportResult } from '../../src/commands/export';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import type { FakeApi } from '../tools/fake-api';
import type { WireConversation } from '../tools/fake-api/types';
import { connectToFake } from './helpers/fake';
import { Stubs } from './helpers/stubs';

const HOOK = 'routing-staging';

describe('Export Deliveries… (JSON Lines, streamed, secrets masked)', function () {
  this.timeout(120_000);
  let api: NextmvWebhooksTestApi;
  let fake: FakeApi;
  let stop: () => Promise<void>;
  let dir: string;
  const stubs = new Stubs();
  let infos: unknown[][];
  let errors: unknown[][];
  let saveDialogs: vscode.SaveDialogOptions[];

  before(async () => {
    ({ api, fake, stop } = await connectToFake());
  });
  after(async () => stop());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-export-'));
    infos = stubs.on(vscode.window, 'showInformationMessage', async () => undefined).calls;
    errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined).calls;
    saveDialogs = [];
  });
  afterEach(() => {
    stubs.restore();
    api.model.filters.clearAll();
    fake.reset();
    api.model.invalidate();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const saveTo = (file: string) => stubs.on(vscode.window, 'showSaveDialog', async (o: unknown) => {
    saveDialogs.push(o as vscode.SaveDialogOptions);
    return vscode.Uri.file(file);
  });
  const webhookNode = async (id: string) => ((await api.tree.getChildren()) as TreeNode[]).find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === id)!;
  const rowsOf = async (id: string) => ((await api.tree.getChildren(await webhookNode(id))) as TreeNode[]).filter((n): n is ConversationNode => n.kind === 'conversation');
  const listRequests = () => fake.requestsTo('listConversations').filter((r) => r.path.startsWith(`/v1/webhooks/${HOOK}/`)).length;
  /** The progress notification answered by a script: `onReport` sees each report, `cancel` cancels it. */
  const scriptProgress = (onReport: (message: string, cancel: () => void) => void) =>
    stubs.on(vscode.window, 'withProgress', (_o: unknown, task: unknown) => {
      const token = new vscode.CancellationTokenSource();
      const progress = { report: (r: { message?: string }) => onReport(r.message ?? '', () => token.cancel()) };
      return (task as (p: typeof progress, t: vscode.CancellationToken) => Promise<unknown>)(progress, token.token);
    });

  /**
   * `n` deliveries on HOOK after the seeded ones (newest: i = 0): every third answered 500, every seventh
   * unreachable, the rest 200; bodies with the bytes a re-serialisation would lose (spaces, CRLF, a trailing
   * newline, escapes, non-ASCII).
   */
  function addDeliveries(n: number, responseBody: (i: number) => string = (i) => `{"ok": true,\r\n  "i": ${i}}\n`): void {
    const now = Date.now();
    const made: WireConversation[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const at = new Date(now - (i + 1) * 1000).toISOString();
      const body = `{"type":"run.status",  "data":{"run_id":"run-${i}","note":"café \\u00e9 \\n"}}\r\n`;
      const answered = i % 7 !== 0;
      made.push({
        id: `exp-${i}`, webhook_id: HOOK, event_type: 'run.status', created_at: at,
        request: { url: 'https://example.com/hook', method: 'POST', headers: { 'Content-Type': 'application/json', 'Nextmv-Signature': `t=${Math.floor(now / 1000)},v1=${'ab'.repeat(32)}` }, body, sent_at: at },
        ...(answered
          ? { response: { status_code: i % 3 === 0 ? 500 : 200, headers: { 'content-type': 'application/json', 'x-trace': `tr-${i}` }, body: responseBody(i), received_at: at }, error: null }
          : { response: null, error: 'unreachable: connect ECONNREFUSED' }),
      } as WireConversation);
    }
    fake.state.addConversations(HOOK, made);
  }

  /** A conversation as the fake API answers it over HTTP: the exact text, and parsed. */
  async function fromFake(id: string): Promise<{ text: string; value: WireConversation }> {
    const res = await fetch(`${fake.url}/v1/webhooks/${HOOK}/conversations/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${fake.key}` } });
    assert.equal(res.status, 200);
    const text = await res.text();
    return { text, value: JSON.parse(text) as WireConversation };
  }

  const readLines = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'), 'the last line ends with a newline');
    return text.slice(0, -1).split('\n');
  };
  const failed = (c: WireConversation) => !c.response || c.response.status_code < 200 || c.response.status_code >= 300;

  it('a webhook filtered to Failed: every failed delivery — past the page on screen — one per line, exactly as the API returns it', async () => {
    fake.configure({ paginate: true, pageSize: 100 });
    addDeliveries(400);
    api.model.invalidate();
    api.model.filters.setOwn(HOOK, { outcomes: ['clientError', 'serverError', 'timeout', 'error'] });
    const shown = await rowsOf(HOOK);
    const expected = fake.state.conversationPage(HOOK, undefined, 100_000).items.filter(failed).map((c) => c.id);
    assert.equal(shown.length, 100, 'a page of 100 on screen');
    assert.ok(expected.length > 100, `more failed deliveries than one page (${expected.length})`);

    const file = path.join(dir, 'export.jsonl');
    saveTo(file);
    const result = (await vscode.commands.executeCommand(Commands.exportDeliveries, await webhookNode(HOOK))) as ExportResult;
    assert.equal(path.basename(saveDialogs[0].defaultUri!.fsPath), `${HOOK}-deliveries.jsonl`);
    assert.deepEqual(saveDialogs[0].filters, { 'JSON Lines': ['jsonl'] });

    const lines = readLines(file);
    const parsed = lines.map((l) => JSON.parse(l) as WireConversation);
    assert.deepEqual(parsed.map((c) => c.id), expected, 'the ids are the filtered deliveries, newest first');
    assert.equal(result.written, expected.length);
    for (const [i, c] of parsed.entries()) {
      const served = await fromFake(c.id);
      assert.deepEqual(c, served.value, `${c.id}: the conversation as the API returns it`);
      assert.equal(lines[i], JSON.stringify(served.value), `${c.id}: the line is that object, unchanged`);
      assert.equal(c.request.body, served.value.request.body, 'the request body, byte for byte');
      assert.equal(c.response?.body, served.value.response?.body, 'the response body, byte for byte');
    }
    assert.ok(parsed.some((c) => c.request.body.endsWith('\r\n') && c.request.body.includes('\\u00e9')), 'the bodies kept what a re-serialisation would lose');
    assert.deepEqual(fs.readdirSync(dir), ['export.jsonl'], 'no temporary file left');
    assert.equal(errors.length, 0);
    assert.match(String(infos.at(-1)?.[0]), new RegExp(`^Exported ${expected.length} deliveries to export\\.jsonl\\.$`));
  });

  it('a signing secret an endpoint echoed is masked with [secret] and counted; the API key never appears', async () => {
    const secret = fake.secretOf(HOOK)!;
    addDeliveries(5, (i) => (i === 2 ? `{"echo":"${secret}","key":"${fake.key}"}` : 'ok'));
    api.model.invalidate();
    const file = path.join(dir, 'masked.jsonl');
    saveTo(file);
    const result = (await vscode.commands.executeCommand(Commands.exportDeliveries, HOOK)) as ExportResult;
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes(secret) && !text.includes(fake.key), 'neither secret is in the file');
    const lines = readLines(file).map((l) => JSON.parse(l) as WireConversation);
    assert.equal(lines.find((c) => c.id === 'exp-2')!.response!.body, '{"echo":"[secret]","key":"[secret]"}');
    assert.equal(lines.find((c) => c.id === 'exp-3')!.response!.body, 'ok', 'the others are unchanged');
    assert.equal(result.masked, 1);
    assert.match(String(infos.at(-1)?.[0]), /1 of them held a secret \(the API key or a signing secret\), written as \[secret\]\./);
  });

  it('Export… on selected delivery rows writes those rows, as fetched', async () => {
    const rows = (await rowsOf('orders-prod')).slice(0, 3);
    const file = path.join(dir, 'rows.jsonl');
    saveTo(file);
    await vscode.commands.executeCommand(Commands.exportSelectedDeliveries, rows[1], [rows[0], rows[2]]);
    assert.equal(path.basename(saveDialogs[0].defaultUri!.fsPath), 'orders-prod-deliveries.jsonl');
    const lines = readLines(file).map((l) => JSON.parse(l) as WireConversation);
    assert.deepEqual(lines.map((c) => c.id), [rows[0].conversation.id, rows[2].conversation.id]);
    for (const c of lines) assert.deepEqual(c, fake.state.getConversation('orders-prod', c.id));

    saveTo(path.join(dir, 'one.jsonl'));
    await vscode.commands.executeCommand(Commands.exportSelectedDeliveries, rows[1], [rows[1]]);
    assert.equal(path.basename(saveDialogs[1].defaultUri!.fsPath), `orders-prod-${rows[1].conversation.id}.jsonl`);
    assert.equal(readLines(path.join(dir, 'one.jsonl')).length, 1);
  });

  it('Cancel mid-export: no file (not even a partial one), no more pages asked for', async () => {
    fake.configure({ paginate: true, pageSize: 100, latencyMs: 100 });
    addDeliveries(3000);
    api.model.invalidate();
    const file = path.join(dir, 'cancelled.jsonl');
    saveTo(file);
    const reports: string[] = [];
    scriptProgress((message, cancel) => {
      reports.push(message);
      if (reports.length === 3) cancel();
    });
    const before = listRequests();
    const result = await vscode.commands.executeCommand(Commands.exportDeliveries, HOOK);
    assert.equal(result, undefined);
    assert.match(reports[2], /^\d+ written, 300 checked$/, 'the notification counts');
    assert.deepEqual(fs.readdirSync(dir), [], 'no file and no temporary file');
    const asked = listRequests() - before;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(listRequests() - before, asked, 'nothing asked for after the cancel');
    assert.ok(asked <= 4, `the walk stopped at the cancel (${asked} of 31 pages)`);
    assert.deepEqual(infos.at(-1), ['Export cancelled: no file was written.']);
    assert.equal(errors.length, 0);
  });

  it('an API error mid-walk (500 on the third page): one message, no file', async () => {
    fake.configure({ paginate: true, pageSize: 100 });
    addDeliveries(1000);
    api.model.invalidate();
    const file = path.join(dir, 'failed.jsonl');
    saveTo(file);
    let reports = 0;
    scriptProgress(() => {
      if (++reports === 2) fake.addFault({ route: 'listConversations', status: 500, body: '{"error":"the database is on fire"}' });
    });
    assert.equal(await vscode.commands.executeCommand(Commands.exportDeliveries, HOOK), undefined);
    assert.equal(errors.length, 1, 'one message');
    assert.match(String(errors[0][0]), /^Could not export the deliveries of routing-staging: .*the database is on fire.* No file was written\.$/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('a file that cannot be written (its folder is a file): one message naming the path, nothing written', async () => {
    const notAFolder = path.join(dir, 'plain-file');
    fs.writeFileSync(notAFolder, 'x');
    const file = path.join(notAFolder, 'out.jsonl');
    saveTo(file);
    assert.equal(await vscode.commands.executeCommand(Commands.exportDeliveries, 'orders-prod'), undefined);
    assert.equal(errors.length, 1);
    assert.equal(errors[0][0], `Could not export the deliveries of orders-prod: ${file} could not be written: the folder does not exist. No file was written.`);
    assert.deepEqual(fs.readdirSync(dir), ['plain-file']);
  });

  it('no file picked: nothing happens', async () => {
    stubs.on(vscode.window, 'showSaveDialog', async () => undefined);
    const before = listRequests();
    assert.equal(await vscode.commands.executeCommand(Commands.exportDeliveries, HOOK), undefined);
    assert.equal(listRequests(), before);
    assert.equal(infos.length + errors.length, 0);
  });
});
