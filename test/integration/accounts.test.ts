import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, SecretKeys, StateKeys } from '../../src/constants';
import type { NextmvWebhooksTestApi } from '../../src/extension';
import type { ConversationNode, TreeNode, WebhookNode } from '../../src/tree/nodes';
import { startFakeApi, type FakeApi } from '../tools/fake-api';
import { activateExtension, waitFor } from './helpers/extension';
import { Stubs } from './helpers/stubs';
import { startTlsFront } from './helpers/tlsFront';

type Item = vscode.QuickPickItem & { action?: string; account?: { id: string } };

/**
 * Accounts as a user meets them: the Nextmv CLI's ~/.nextmv/config.yaml (under the extension host's home,
 * a temp folder the harness made) with profiles pointing at two fake APIs, one of them reached over TLS as
 * a bare host:port; Switch Account, Add Account…, Remove Account; and bad input of every kind.
 */
describe('Accounts: Nextmv CLI profiles, switching, bare endpoints', function () {
  this.timeout(90_000);
  let api: NextmvWebhooksTestApi;
  let alpha: FakeApi;
  let beta: FakeApi;
  let betaTls: Awaited<ReturnType<typeof startTlsFront>>;
  const stubs = new Stubs();
  const cliFile = path.join(os.homedir(), '.nextmv', 'config.yaml');
  const idsOf = (fake: FakeApi) => fake.state.listWebhooks().map((w) => w.id).sort();
  const roots = async () => (await api.tree.getChildren()) as TreeNode[];
  const rowLabels = async () => (await roots()).map((n) => String(api.tree.getTreeItem(n).label));
  const writeCli = (text: string) => {
    fs.mkdirSync(path.dirname(cliFile), { recursive: true });
    fs.writeFileSync(cliFile, text);
  };
  /** The next quick pick answers with the item of that label (and action, when given). */
  const pickNext = (label: string, action?: string) =>
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => ((await items) as Item[]).find((i) => i.label === label && (!action || i.action === action)));
  const quietWarnings = () => stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
  const twoProfiles = () =>
    writeCli(`# written by the accounts suite
alpha:
  apikey: ${alpha.key}
  endpoint: ${alpha.url}
beta:
  apikey: ${beta.key}
  endpoint: ${betaTls.host}
nokey:
  endpoint: api.cloud.nextmv.io
`);

  before(async () => {
    api = await activateExtension();
    alpha = await startFakeApi({ seed: 'small', key: 'alpha-key-0001' });
    beta = await startFakeApi({ seed: '3x2', key: 'beta-key-0002' });
    betaTls = await startTlsFront(beta.port, api.context.extensionPath);
    assert.notDeepEqual(idsOf(alpha), idsOf(beta));
  });
  afterEach(() => stubs.restore());
  after(async () => {
    // back to the first account alone, as every other suite expects
    for (const a of api.accounts.all.filter((x) => x.id !== 'default')) {
      await api.keys.clearFor(a);
    }
    await api.accounts.update(() => ({ accounts: [api.accounts.all[0]], activeId: 'default' }));
    await api.keys.clear();
    fs.rmSync(path.dirname(cliFile), { recursive: true, force: true });
    delete process.env.NEXTMV_PROFILE;
    api.model.invalidate();
    await betaTls.close();
    await alpha.close();
    await beta.close();
  });

  it('with two Nextmv CLI profiles, the user picks one and sees its webhooks, switches and sees only the other\'s; no key goes to the other API', async () => {
    twoProfiles();
    pickNext('alpha', 'profile');
    assert.equal(await vscode.commands.executeCommand(Commands.switchAccount), true);
    assert.equal(api.accounts.active.name, 'alpha');
    assert.deepEqual(api.accounts.active.source, { kind: 'cliProfile', profile: 'alpha' });
    assert.deepEqual(await rowLabels(), idsOf(alpha));
    await waitFor('the description naming the account', () => /^alpha · 127\.0\.0\.1:\d+ · key: Nextmv CLI profile$/.test(String(api.treeView.description)));

    // a conversation of alpha's open in an inspector, and the validator listing alpha's webhooks
    const hook = (await roots()).find((n): n is WebhookNode => n.kind === 'webhook' && n.webhook.id === 'orders-prod')!;
    const conversation = ((await api.tree.getChildren(hook)) as TreeNode[]).find((n): n is ConversationNode => n.kind === 'conversation')!;
    await vscode.commands.executeCommand(Commands.openConversation, conversation);
    await waitFor('the inspector', () => api.inspector.panels.openPanels.length === 1);
    const posted: { type: string; webhookIds?: string[] }[] = [];
    const sub = api.validator.onDidPostMessage((m) => posted.push(m as (typeof posted)[number]));
    try {
      await vscode.commands.executeCommand(Commands.validateDelivery);
      await waitFor('the validator listing alpha\'s webhooks', () => posted.some((m) => m.type === 'init' && m.webhookIds?.includes('orders-prod')));

      stubs.restore();
      pickNext('beta', 'profile');
      assert.equal(await vscode.commands.executeCommand(Commands.switchAccount), true);
      assert.equal(api.accounts.active.name, 'beta');
      const rows = await rowLabels();
      assert.deepEqual(rows, idsOf(beta));
      assert.deepEqual(rows.filter((r) => idsOf(alpha).includes(r)), [], 'none of alpha\'s webhooks');
      assert.equal(api.connection.apiUrl, `https://${betaTls.host}`, 'the bare endpoint of the profile, reached over https');
      assert.ok(betaTls.connections > 0, 'over TLS');
      await waitFor('the description naming beta', () => String(api.treeView.description).startsWith(`beta · ${betaTls.host}`));
      await waitFor('alpha\'s inspector closed', () => api.inspector.panels.openPanels.length === 0);
      await waitFor('the validator listing beta\'s webhooks only', () => {
        const last = posted.filter((m) => m.type === 'init').at(-1);
        return last?.webhookIds?.join() === idsOf(beta).join();
      });
    } finally {
      sub.dispose();
      api.validator.panel?.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }

    // back to alpha: an account now, picked by name
    stubs.restore();
    pickNext('alpha', 'switch');
    assert.equal(await vscode.commands.executeCommand(Commands.switchAccount), true);
    assert.deepEqual(await rowLabels(), idsOf(alpha));

    for (const [fake, other] of [[alpha, beta], [beta, alpha]] as const) {
      assert.ok(fake.requests.length > 0, 'each API was asked');
      assert.deepEqual(fake.requests.filter((r) => r.status === 401).map((r) => r.path), [], `every request to ${fake.url} carried its own key, none ${other.key}`);
    }
    // the profiles' keys were read where they are: nothing in secret storage or globalState
    for (const account of api.accounts.all) assert.equal(await api.context.secrets.get(`${SecretKeys.apiKey}.${account.id}`), undefined);
    const kept = JSON.stringify(api.context.globalState.get(StateKeys.accounts));
    assert.ok(!kept.includes(alpha.key) && !kept.includes(beta.key), kept);
  });

  it('NEXTMV_ENDPOINT as a bare host:port: the first account reaches it over https', async () => {
    await api.accounts.update((s) => ({ ...s, activeId: 'default' }));
    await vscode.workspace.getConfiguration('nextmvWebhooks').update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
    process.env.NEXTMV_ENDPOINT = betaTls.host;
    try {
      await api.keys.store(beta.key);
      beta.clearRequests();
      api.model.invalidate();
      assert.equal(api.connection.apiUrl, `https://${betaTls.host}`);
      assert.deepEqual(await rowLabels(), idsOf(beta));
      assert.ok(beta.requestsTo('listWebhooks').length >= 1);
      await waitFor('the description', () => String(api.treeView.description).includes(betaTls.host));
    } finally {
      delete process.env.NEXTMV_ENDPOINT;
      await api.keys.clear();
    }
  });

  it('a malformed config.yaml is one clear warning; the accounts still switch and the active one keeps working', async () => {
    writeCli('alpha:\n  apikey: "alpha-key-0001\nbeta: [\n');
    const warnings = quietWarnings();
    pickNext('alpha', 'switch');
    assert.equal(await vscode.commands.executeCommand(Commands.switchAccount), true);
    assert.equal(warnings.calls.length, 1);
    assert.match(String(warnings.calls[0][0]), /config\.yaml is not valid YAML: .* at line \d+, column \d+/);
    assert.doesNotMatch(String(warnings.calls[0][0]), /alpha-key/);
    // the active account's profile cannot be read now: no rows, the welcome view says so (Switch Account)
    assert.deepEqual(await roots(), []);
    assert.equal(api.tree.rootError, 'cliProfile');
    // fixed: Refresh reads it again and alpha's webhooks are back
    twoProfiles();
    await vscode.commands.executeCommand(Commands.refresh);
    assert.deepEqual(await rowLabels(), idsOf(alpha));
  });

  it('a profile without a key, a missing file, NEXTMV_PROFILE naming no profile: each one clear message, nothing added', async () => {
    const before = api.accounts.all.length;
    const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
    pickNext('nokey', 'profile');
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), false);
    assert.match(String(errors.calls[0]?.[0]), /Profile "nokey" in ~\/\.nextmv\/config\.yaml has no apikey/);
    assert.equal(api.accounts.all.length, before);

    stubs.restore();
    process.env.NEXTMV_PROFILE = 'prod';
    const warnings = quietWarnings();
    let offered: Item[] = [];
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      offered = (await items) as Item[];
      return undefined;
    });
    await vscode.commands.executeCommand(Commands.switchAccount);
    assert.match(String(warnings.calls[0]?.[0]), /NEXTMV_PROFILE is "prod", but ~\/\.nextmv\/config\.yaml has no profile of that name/);
    process.env.NEXTMV_PROFILE = 'beta';
    await vscode.commands.executeCommand(Commands.addAccount);
    assert.equal(offered.filter((i) => i.action === 'profile')[0]?.label, 'beta', 'NEXTMV_PROFILE\'s profile first');
    delete process.env.NEXTMV_PROFILE;

    fs.rmSync(cliFile);
    stubs.restore();
    const noWarning = quietWarnings();
    stubs.on(vscode.window, 'showQuickPick', async (items: unknown) => {
      offered = (await items) as Item[];
      return undefined;
    });
    await vscode.commands.executeCommand(Commands.switchAccount);
    assert.equal(noWarning.calls.length, 0, 'no file is no problem when switching');
    assert.deepEqual(offered.filter((i) => i.action === 'switch').map((i) => i.label), ['Default', 'alpha', 'beta']);
    await vscode.commands.executeCommand(Commands.addAccount);
    assert.match(String(offered.find((i) => i.action === 'cliProblem')?.detail), /There is no ~\/\.nextmv\/config\.yaml/);
    twoProfiles();
  });

  it('an account whose API cannot be reached shows that, while switching to another works', async () => {
    const closed = await startFakeApi({ seed: 'empty', key: 'gone-key-0003' });
    const url = closed.url;
    await closed.close();
    writeCli(`gone:\n  apikey: gone-key-0003\n  endpoint: ${url}\nalpha:\n  apikey: ${alpha.key}\n  endpoint: ${alpha.url}\n`);
    pickNext('gone', 'profile');
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), true);
    assert.deepEqual(await roots(), []);
    assert.equal(api.tree.rootError, 'unreachable', 'the "Could not reach Nextmv" welcome view');
    stubs.restore();
    pickNext('alpha', 'switch');
    await vscode.commands.executeCommand(Commands.switchAccount);
    assert.deepEqual(await rowLabels(), idsOf(alpha));
    twoProfiles();
  });

  it('Add Account… with a key (checked first, kept in secret storage), Set API Key copying a profile\'s key only when asked, Remove Account', async () => {
    const inputs = ['Team B', beta.url, beta.key];
    stubs.on(vscode.window, 'showInputBox', async () => inputs.shift());
    stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
    pickNext('$(key) Enter an API Key…', 'enterKey');
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), true);
    const teamB = api.accounts.active;
    assert.deepEqual([teamB.name, teamB.source], ['Team B', { kind: 'stored', apiUrl: beta.url }]);
    assert.equal(await api.context.secrets.get(`${SecretKeys.apiKey}.${teamB.id}`), beta.key);
    assert.deepEqual(await rowLabels(), idsOf(beta));

    // a rejected key adds nothing
    stubs.restore();
    const before = api.accounts.all.length;
    const wrong = ['Team C', alpha.url, 'not-the-key-123'];
    stubs.on(vscode.window, 'showInputBox', async () => wrong.shift());
    const errors = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
    pickNext('$(key) Enter an API Key…', 'enterKey');
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), false);
    assert.match(String(errors.calls[0]?.[0]), /rejected this API key \(401\)/);
    assert.equal(api.accounts.all.length, before);

    // Set API Key on a profile's account: the key moves into secret storage only when the user says so
    stubs.restore();
    pickNext('alpha', 'switch');
    await vscode.commands.executeCommand(Commands.switchAccount);
    const alphaAccount = api.accounts.active;
    stubs.restore();
    stubs.on(vscode.window, 'showWarningMessage', async () => undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.setApiKey), false);
    assert.equal(await api.context.secrets.get(`${SecretKeys.apiKey}.${alphaAccount.id}`), undefined, 'dismissed: nothing stored');
    stubs.restore();
    stubs.on(vscode.window, 'showWarningMessage', async () => 'Copy Key From Profile');
    stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
    assert.equal(await vscode.commands.executeCommand(Commands.setApiKey), true);
    assert.equal(await api.context.secrets.get(`${SecretKeys.apiKey}.${alphaAccount.id}`), alpha.key);
    assert.deepEqual(api.accounts.active.source, { kind: 'stored', apiUrl: alpha.url });
    assert.deepEqual(await rowLabels(), idsOf(alpha));

    // Remove Account: after a modal, with its stored key; the first account becomes active
    stubs.restore();
    pickNext('alpha');
    const confirm = stubs.on(vscode.window, 'showWarningMessage', async () => 'Remove Account');
    assert.equal(await vscode.commands.executeCommand(Commands.removeAccount), true);
    assert.equal((confirm.calls[0][1] as vscode.MessageOptions).modal, true);
    assert.equal(await api.context.secrets.get(`${SecretKeys.apiKey}.${alphaAccount.id}`), undefined);
    assert.equal(api.accounts.active.id, 'default');
    assert.ok(!api.accounts.all.some((a) => a.id === alphaAccount.id));
    assert.ok(fs.readFileSync(cliFile, 'utf8').includes(`apikey: ${alpha.key}`), 'the Nextmv CLI\'s file is never written');
  });
});
