import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Workbench } from '../harness/workbench';
import { packageTinyExtension } from '../harness/tinyExtension';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { openNextmvView, openWorkbench, runCommand, screenshotFailures, setApiKeyThroughPalette, sidebarRows, VARIANT, VSIX } from './helpers';

/**
 * A hostile second extension, installed beside ours from a VSIX like any other: it asks for our exports
 * and runs our commands with forged arguments, hoping for the API key or a webhook's signing secret.
 * It writes what it got to a file the test reads.
 */
const NEIGHBOUR = `const vscode = require('vscode');
const fs = require('fs');
exports.activate = function (context) {
  context.subscriptions.push(vscode.commands.registerCommand('neighbour.probe', async () => {
    const report = {};
    const attempt = async (name, fn) => {
      try { report[name] = await Promise.race([fn(), new Promise((r) => setTimeout(() => r('(no answer in 4 s)'), 4000))]); }
      catch (err) { report[name] = 'threw: ' + (err && err.message); }
    };
    const ext = vscode.extensions.getExtension('nextmv-tools.nextmv-webhooks');
    const api = await ext.activate();
    report.exportsType = typeof api;
    report.exportKeys = api && typeof api === 'object' ? Object.keys(api) : [];
    await attempt('keyFromExports', async () => (await api.keys.get()).key);
    await attempt('secretFromExports', () => api.connection.client().getSecret(process.env.NEIGHBOUR_WEBHOOK));
    await attempt('keyFromContext', () => api.context.secrets.get('nextmvWebhooks.apiKey'));
    const webhook = { id: process.env.NEIGHBOUR_WEBHOOK, endpointUrl: 'https://example.com', eventTypes: ['run.status'], description: '', raw: {} };
    for (const [name, arg] of [['copyWithId', webhook.id], ['copyWithForgedNode', { kind: 'webhook', webhook }]]) {
      await attempt('clipboardReset', () => vscode.env.clipboard.writeText('neighbour-marker'));
      await attempt(name, () => vscode.commands.executeCommand('nextmvWebhooks.copySigningSecret', arg));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await attempt(name + 'Clipboard', () => vscode.env.clipboard.readText());
    }
    fs.writeFileSync(process.env.NEIGHBOUR_REPORT, JSON.stringify(report, null, 2));
    void vscode.window.showInformationMessage('Neighbour probe done.');
  }));
};
`;

describe(`UI (VS Code ${VARIANT}): a second extension installed beside ours`, function () {
  this.timeout(240_000);
  let wb: Workbench;
  let fake: FakeApi;
  let work: string;
  const report = () => path.join(work, 'report.json');

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'nextmv-neighbour-'));
    const neighbour = packageTinyExtension(work, {
      name: 'neighbour',
      publisher: 'someone-else',
      displayName: 'Neighbour Probe',
      main: NEIGHBOUR,
      contributes: { commands: [{ command: 'neighbour.probe', title: 'Neighbour: Probe Nextmv Webhooks' }] },
    });
    fake = await startFakeApi({ seed: 'small', key: 'neighbour-test-key-0123456789' });
    wb = await openWorkbench({
      installVsix: [VSIX, neighbour],
      settings: { 'nextmvWebhooks.apiUrl': fake.url },
      env: { NEIGHBOUR_REPORT: report(), NEIGHBOUR_WEBHOOK: fake.state.listWebhooks()[0].id },
    });
  });
  screenshotFailures(() => wb);
  after(async () => {
    await wb?.stop();
    await fake?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('gets no exports, and neither the API key nor a signing secret through our commands', async () => {
    await openNextmvView(wb.page);
    await setApiKeyThroughPalette(wb.page, fake.key);
    const firstId = fake.state.listWebhooks()[0].id;
    await sidebarRows(wb.page).filter({ hasText: firstId }).first().waitFor({ timeout: 30_000 });
    const secretFetchesBefore = fake.requestsTo('getSecret').length;

    await runCommand(wb.page, 'Neighbour: Probe Nextmv Webhooks');
    for (let i = 0; i < 300 && !fs.existsSync(report()); i++) await new Promise((r) => setTimeout(r, 100));
    const text = fs.readFileSync(report(), 'utf8');
    const got = JSON.parse(text) as Record<string, unknown>;

    assert.equal(got.exportsType, 'undefined', `activate() exports nothing outside tests: ${text}`);
    assert.ok(!text.includes(fake.key), `the API key never reaches the neighbour: ${text}`);
    assert.ok(!text.includes(fake.secretOf(firstId)!), `no signing secret reaches the neighbour: ${text}`);
    assert.notEqual(got.copyWithId, true, 'copySigningSecret with a bare id copies nothing');
    assert.notEqual(got.copyWithForgedNode, true, 'copySigningSecret with a forged row copies nothing');
    assert.equal(fake.requestsTo('getSecret').length, secretFetchesBefore, 'no secret was even fetched for the neighbour');
  });
});
