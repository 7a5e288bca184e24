import * as vscode from 'vscode';
import { startFakeApi, type FakeApi, type StartFakeApiOptions } from '../../tools/fake-api';
import type { NextmvWebhooksTestApi } from '../../../src/extension';
import { activateExtension } from './extension';

/**
 * Starts the fake Nextmv API inside the extension host (it is plain Node), points the extension at it
 * and stores its key. stop() undoes all of it.
 */
export async function connectToFake(o: StartFakeApiOptions = {}): Promise<{ api: NextmvWebhooksTestApi; fake: FakeApi; stop(): Promise<void> }> {
  const api = await activateExtension();
  const fake = await startFakeApi({ seed: 'small', key: 'integration-key-0001', deliveryTimeoutMs: 2000, ...o });
  await vscode.workspace.getConfiguration('nextmvWebhooks').update('apiUrl', fake.url, vscode.ConfigurationTarget.Global);
  await api.keys.store(fake.key);
  api.model.invalidate();
  return {
    api,
    fake,
    stop: async () => {
      await api.keys.clear();
      await vscode.workspace.getConfiguration('nextmvWebhooks').update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    },
  };
}
