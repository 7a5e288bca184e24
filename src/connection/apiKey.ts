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
        if (e.key !== SecretKeys.apiKey) return;
        this.cached = undefined;
        void this.refreshContext().then(() => this.changed.fire());
      }),
    );
  }

  /**
   * The key in use. Read from SecretStorage once and then cached (a read can take ~200 ms in a remote
   * window, and every request asks); store(), clear() and a change from another window drop the cache.
   */
  get(): Promise<ResolvedApiKey | undefined> {
    this.cached ??= this.read();
    return this.cached;
  }

  private cached: Promise<ResolvedApiKey | undefined> | undefined;

  private async read(): Promise<ResolvedApiKey | undefined> {
    let stored: string | undefined;
    try {
      stored = (await this.secrets.get(SecretKeys.apiKey))?.trim();
    } catch {
      this.cached = undefined; // a failed read is not remembered
    }
    if (stored) return { key: stored, source: 'storage' };
    const fromEnv = this.env[EnvVars.apiKey]?.trim();
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    return undefined;
  }

  async store(key: string): Promise<void> {
    this.cached = undefined;
    await this.secrets.store(SecretKeys.apiKey, key.trim());
    this.cached = undefined;
    await this.refreshContext();
  }

  async clear(): Promise<void> {
    this.cached = undefined;
    await this.secrets.delete(SecretKeys.apiKey);
    this.cached = undefined;
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
