import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Commands, ContextKeys, EXTENSION_ID, ROOT_ERROR_KINDS, SETTING_KEYS, settingId, TreeContextKeys, Views } from '../../src/constants';
import { manifest } from './manifestText';

const contributes = manifest.contributes;
/** The row pattern of a menu entry's `viewItem =~ /…/`. */
const rowPattern = (when: string) => new RegExp(/viewItem =~ \/(.+)\/$/.exec(when)?.[1] ?? '^$');

describe('package.json and src/constants.ts agree', () => {
  it('extension id', () => assert.equal(`${manifest.publisher}.${manifest.name}`, EXTENSION_ID));

  it('every command id in constants is contributed, and nothing else', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
  });

  it('every command has a title, the category "Nextmv Webhooks" and a codicon', () => {
    for (const c of contributes.commands) {
      assert.ok(c.title, c.command);
      assert.equal(c.category, 'Nextmv Webhooks', c.command);
      assert.match(c.icon, /^\$\([a-z-]+\)$/, c.command);
    }
  });

  it('the UI contract: product commands by title', () => {
    const titles = contributes.commands.map((c: { title: string }) => c.title);
    for (const t of ['Set API Key', 'Clear API Key', 'Refresh', 'Create Webhook', 'Edit Webhook', 'Delete Webhook', 'Trigger Webhook',
      'Copy Signing Secret', 'Copy Endpoint URL', 'Validate Delivery', 'Show Logs', 'Switch Account', 'Add Account…', 'Remove Account', 'Send Again…', 'Sign & Send', 'New Webhook Handler…']) {
      assert.ok(titles.includes(t), t);
    }
  });

  it('Switch Account and Add Account… are in the view title and the palette (UI contract)', () => {
    const inTitle = contributes.menus['view/title'].map((m: { command: string }) => m.command);
    const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    for (const c of [Commands.switchAccount, Commands.addAccount, Commands.removeAccount]) {
      assert.ok(inTitle.includes(c), c);
      assert.ok(!hidden.includes(c), c);
    }
  });

  it('Send Again… is on delivery rows that have a request, Sign & Send above JSON editors', () => {
    const onRows = contributes.menus['view/item/context'].filter((m: { command: string }) => m.command === Commands.sendAgain);
    assert.deepEqual(onRows.map((m: { group: string }) => m.group.split('@')[0]).sort(), ['5_send', 'inline'], 'in the menu and as an inline icon');
    for (const { when } of onRows) {
      assert.ok(rowPattern(when).test('conversation;success;request'));
      assert.ok(!rowPattern(when).test('conversation;error'), 'not on a row without a recorded request');
      assert.ok(!rowPattern(when).test('webhook;ok'));
    }
    const title = contributes.menus['editor/title'].find((m: { command: string }) => m.command === Commands.signAndSend);
    assert.match(title.when, /editorLangId == json\b/);
  });

  it("a delivery row's actions: grouped open → inspect → copy → (export) → send, two inline icons, on the rows that have what they act on", () => {
    type Entry = { command: string; when: string; group: string };
    const onDelivery = (contributes.menus['view/item/context'] as Entry[]).filter((m) => rowPattern(m.when).test('conversation;success;request'));
    const menu = onDelivery.filter((m) => m.group !== 'inline' && !m.group.startsWith('inline@'));
    assert.deepEqual(menu.map((m) => `${m.group} ${m.command.replace('nextmvWebhooks.', '')}`), [
      '1_open@1 openConversation', '1_open@2 openRequestBody', '1_open@3 openResponseBody',
      '2_inspect@1 validateDelivery', '2_inspect@2 compareWith', '3_copy@1 copyAsCurl', '4_export@1 exportSelectedDeliveries',
      '5_send@1 sendAgain', '5_send@2 editAndSend',
    ]);
    assert.deepEqual(onDelivery.filter((m) => m.group.startsWith('inline')).map((m) => m.command), [Commands.sendAgain, Commands.validateDelivery]);
    const titles = new Map((contributes.commands as { command: string; title: string }[]).map((c) => [c.command, c.title]));
    assert.deepEqual(menu.map((m) => titles.get(m.command)), ['Open Conversation', 'Open Request Body', 'Open Response Body', 'Validate Delivery', 'Compare With…', 'Copy as cURL', 'Export…', 'Send Again…', 'Edit and Send…']);
    const timedOut = (contributes.menus['view/item/context'] as Entry[]).filter((m) => rowPattern(m.when).test('conversation;timeout;request')).map((m) => m.command);
    assert.ok(!timedOut.includes(Commands.openResponseBody), 'no Open Response Body without a response');
    assert.ok(timedOut.includes(Commands.openRequestBody));
    const palette = contributes.menus.commandPalette as { command: string; when: string }[];
    for (const id of [Commands.copyAsCurl, Commands.compareWith, Commands.openRequestBody, Commands.openResponseBody]) {
      assert.equal(palette.find((m) => m.command === id)?.when, ContextKeys.hasApiKey, `${id}: the palette picks a delivery`);
    }
  });

  it('the view container and view names of the UI contract', () => {
    assert.equal(contributes.viewsContainers.activitybar[0].id, Views.container);
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'Nextmv Webhooks');
    const view = contributes.views[Views.container][0];
    assert.equal(view.id, Views.webhooks);
    assert.equal(view.name, 'Webhooks');
  });

  it('the welcome view offers Set API Key while no key is known', () => {
    const welcome = contributes.viewsWelcome.find((w: { when: string }) => w.when === `!${ContextKeys.hasApiKey}`);
    assert.ok(welcome);
    assert.match(welcome.contents, /Connect to Nextmv Cloud/);
    assert.match(welcome.contents, /\[Set API Key\]\(command:nextmvWebhooks\.setApiKey\)/);
  });

  it('errors that need an action are welcome views: one per way the list can fail, each with its buttons', () => {
    for (const kind of ROOT_ERROR_KINDS) {
      const views = contributes.viewsWelcome.filter((w: { when: string }) => w.when === `${ContextKeys.hasApiKey} && ${TreeContextKeys.loadError} == ${kind}`);
      assert.equal(views.length, 1, kind);
      assert.match(views[0].contents, /\[(Retry|Set API Key|Open Settings)\]\(command:/, kind);
      assert.match(views[0].contents, /\[Show Logs\]\(command:nextmvWebhooks\.showLogs\)/, kind);
    }
  });

  it('Filter Deliveries… (view title, webhook context menu, palette) and Clear Filter (the UI contract), the icon toggled by a context key', () => {
    const title = (id: string) => contributes.commands.find((c: { command: string }) => c.command === id)?.title;
    for (const id of [Commands.filterDeliveries, Commands.filterWebhook]) assert.equal(title(id), 'Filter Deliveries…');
    for (const id of [Commands.clearFilter, Commands.clearWebhookFilter]) assert.equal(title(id), 'Clear Filter');
    const viewTitle = contributes.menus['view/title'] as { command: string; when: string; group: string }[];
    const icon = (id: string) => viewTitle.find((m) => m.command === id && m.group.startsWith('navigation'));
    assert.match(icon(Commands.filterDeliveries)!.when, new RegExp(`!${TreeContextKeys.filtered}\\b`));
    assert.match(icon(Commands.clearFilter)!.when, new RegExp(`&& ${TreeContextKeys.filtered}\\b`));
    const itemMenu = contributes.menus['view/item/context'] as { command: string; when: string }[];
    assert.ok(itemMenu.some((m) => m.command === Commands.filterWebhook && /viewItem =~ \/\^webhook/.test(m.when)));
    const palette = contributes.menus.commandPalette as { command: string; when: string }[];
    assert.notEqual(palette.find((m) => m.command === Commands.filterDeliveries)?.when, 'false');
  });

  it('keybindings where VS Code users expect them, only while the view has focus: F5 refreshes, Delete deletes the focused webhook row', () => {
    const keys = contributes.keybindings as { command: string; key: string; mac?: string; when: string; args?: unknown }[];
    const f5 = keys.find((k) => k.key === 'f5');
    assert.equal(f5?.command, Commands.refresh);
    assert.match(f5!.when, /^focusedView == nextmvWebhooks\.webhooks\b/);
    const del = keys.find((k) => k.key === 'delete');
    assert.equal(del?.command, Commands.deleteWebhook);
    assert.equal(del?.mac, 'cmd+backspace');
    // webhook rows are the tree's top level; a delivery row has a parent; typing in the tree's find box is not a delete
    assert.match(del!.when, /focusedView == nextmvWebhooks\.webhooks && !treeElementHasParent && !inputFocus/);
    assert.deepEqual(del!.args, { $treeViewId: Views.webhooks, $focusedTreeItem: true }, 'the focused row, as VS Code hands it to view actions');
  });

  it('the failure notification can be turned off, and is on by default', () => {
    const s = contributes.configuration.properties[settingId('notifyOnFailures')];
    assert.equal(s.type, 'boolean');
    assert.equal(s.default, true);
  });

  it('item-only commands are hidden from the palette', () => {
    const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    assert.ok(hidden.includes(Commands.refreshNode));
  });

  it('the apiUrl setting defaults to the Nextmv Cloud host root', () => {
    const s = contributes.configuration.properties[settingId('apiUrl')];
    assert.equal(s.default, 'https://api.cloud.nextmv.io');
  });

  it('declares exactly the settings src/constants.ts names (src/config.ts reads them)', () => {
    assert.deepEqual(Object.keys(contributes.configuration.properties).sort(), SETTING_KEYS.map(settingId).sort());
  });

  it('the walkthrough: five steps, each completing on an event of ours, every command link a command we contribute', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.deepEqual(walkthrough.steps.map((s: { id: string }) => s.id), ['connect', 'webhooks', 'inspect', 'validate', 'sendAgain']);
    const ours = new Set([...contributes.commands.map((c: { command: string }) => c.command), `${Views.webhooks}.focus`]);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const [, command] of String(step.description).matchAll(/\(command:([\w.]+)\)/g)) assert.ok(ours.has(command), `${step.id}: ${command}`);
      assert.ok(fs.existsSync(path.join(__dirname, '..', '..', step.media.markdown)), step.media.markdown);
    }
  });

  it('runs where the user is: extensionKind ui first, workspace when there is no local host (Codespaces in a browser)', () => {
    assert.deepEqual(manifest.extensionKind, ['ui', 'workspace']);
  });

  it('engines and capabilities', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });
});
