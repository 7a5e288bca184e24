import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/constants';
import type { NextmvWebhooksTestApi } from '../../../src/extension';

export async function activateExtension(): Promise<NextmvWebhooksTestApi> {
  const ext = vscode.extensions.getExtension<NextmvWebhooksTestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  if (!api) throw new Error('activate() returned nothing: the suites must run in ExtensionMode.Test');
  return api;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
