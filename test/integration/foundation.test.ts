import { strict as assert } from 'assert';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, SecretKeys } from '../../src/constants';
import { activateExtension } from './helpers/extension';
import { Stubs } from './helpers/stubs';
import { connectToFake } from './helpers/fake';

describe('Foundation: the extension in a real VS Code', () => {
  const stubs = new Stubs();
  afterEach(() => stubs.restore());

  it('activates and hands the test handle to the suites (ExtensionMode.Test only)', async () => {
    const api = await activateExtension();
    assert.equal(api.context.extensionMode, vscode.ExtensionMode.Test, 'the handle exists because these suites run in test mode');
    assert.ok(api.keys, 'the handle holds the key store');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command it contributes', async () => {
    await activateExtension();
    const contributed: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length >= 11, `expected the full command set, got ${contributed.length}`);
  });

  it('Set API Key stores a well-formed key in SecretStorage, Clear API Key removes it after a modal', async () => {
    const { api, fake, stop } = await connectToFake();
    await api.keys.clear();
    try {
      const input = stubs.on(vscode.window, 'showInputBox', async () => fake.key);
      stubs.on(vscode.window, 'showInformationMessage', async () => undefined);
      await vscode.commands.executeCommand(Commands.setApiKey);
      assert.equal(input.calls.length, 1);
      const options = input.calls[0][0] as vscode.InputBoxOptions;
      assert.equal(options.password, true, 'the key is typed into a password box');
      assert.deepEqual(await api.keys.get(), { key: fake.key, source: 'storage' });
    } finally {
      await stop();
      await api.keys.store('integration-test-key-123');
    }

    const warning = stubs.on(vscode.window, 'showWarningMessage', async () => 'Clear API Key');
    await vscode.commands.executeCommand(Commands.clearApiKey);
    assert.equal((warning.calls[0][1] as vscode.MessageOptions).modal, true, 'clearing asks in a modal');
    assert.equal(await api.keys.get(), undefined);
  });

  it('a malformed key is refused with an error and never stored', async () => {
    const api = await activateExtension();
    stubs.on(vscode.window, 'showInputBox', async () => 'has spaces inside');
    const error = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
    await vscode.commands.executeCommand(Commands.setApiKey);
    assert.match(String(error.calls[0]?.[0]), /API key not saved: .*no spaces/);
    assert.equal(await api.keys.get(), undefined);
  });

  it('cancelling the key prompt changes nothing and shows nothing', async () => {
    const api = await activateExtension();
    stubs.on(vscode.window, 'showInputBox', async () => undefined);
    const error = stubs.on(vscode.window, 'showErrorMessage', async () => undefined);
    await vscode.commands.executeCommand(Commands.setApiKey);
    assert.equal(error.calls.length, 0);
    assert.equal(await api.keys.get(), undefined);
    assert.equal(SecretKeys.apiKey, 'nextmvWebhooks.apiKey');
  });
});
