import * as vscode from 'vscode';
import { ContextKeys, EnvVars, SecretKeys } from '../constants';
import { Disposable } from '../common/lifecycle';

export type ApiKeySource = 'storage' | 'environment';
export interface ResolvedApiKey {
  readonly key: string;
  readonly source: ApiKeySource;
}

/**
 * The API key lives in SecretStorage only; NEXTMV_API_KEY is a read-only fallback that is never copied
 * into storage. Keeps the `hasApiKey` context key (welcome view) in step with both.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    // Another window (or this one) changed the stored key.
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === SecretKeys.apiKey) void this.refreshContext().then(() => this.changed.fire());
      }),
    );
  }

  async get(): Promise<ResolvedApiKey | undefined> {
    const stored = (await this.secrets.get(SecretKeys.apiKey))?.trim();
    if (stored) return { key: stored, source: 'storage' };
    const fromEnv = this.env[EnvVars.apiKey]?.trim();
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    return undefined;
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SecretKeys.apiKey, key.trim());
    await this.refreshContext();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.apiKey);
    await this.refreshContext();
  }

  /** Sets the context keys from the current state; returns the key, if any. */
  async refreshContext(): Promise<ResolvedApiKey | undefined> {
    const resolved = await this.get();
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, resolved !== undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.apiKeySource, resolved?.source ?? 'none');
    return resolved;
  }
}
