import * as vscode from 'vscode';
import { ContextKeys, EnvVars, SecretKeys } from '../constants';
import { Disposable } from '../common/lifecycle';
import { DEFAULT_ACCOUNT, DEFAULT_ACCOUNT_ID, type Account } from '../core/accounts/accounts';
import type { KeySource } from '../core/accounts/describe';
import type { AccountList } from './accounts';
import { loadCliConfig } from './lazyCliConfig';

export type ApiKeySource = KeySource;
export interface ResolvedApiKey {
  readonly key: string;
  readonly source: ApiKeySource;
}

/** A Nextmv CLI profile as last read: its root and key, or why it cannot be used. */
export type CliResolution = { readonly apiUrl: string; readonly apiKey: string } | { readonly error: unknown };

/**
 * The API key of each account, and of the active one. Stored keys live in SecretStorage only — the first
 * (default) account's under the name it always had, every other account's under its own name.
 * NEXTMV_API_KEY and the Nextmv CLI's profiles are read where they are, when needed, and never copied into
 * storage. Keeps the `hasApiKey` context key ("the active account has a key") in step.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** the active account's key may have changed (or another account is active) */
  readonly onDidChange = this.changed.event;
  /** secret reads per account id (a read can take ~200 ms in a remote window, and every request asks) */
  private readonly cached = new Map<string, Promise<ResolvedApiKey | undefined>>();
  /** CLI profiles as read, per account id, until forgetCliProfiles() (Refresh) or a switch */
  private readonly cli = new Map<string, CliResolution>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly accounts: AccountList,
    /** told every key read, so the logger can redact it */
    private readonly onKey: (key: string) => void = () => undefined,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    // Another window (or this one) changed a stored key.
    this._register(
      secrets.onDidChange((e) => {
        const account = this.accounts.all.find((a) => secretName(a) === e.key);
        if (!account) return;
        this.cached.delete(account.id);
        if (account.id === this.accounts.active.id) void this.refreshContext().then(() => this.changed.fire(), () => this.changed.fire());
      }),
    );
    this._register(
      accounts.onDidChange(() => {
        this.cli.clear();
        // an account removed, or its source changed: what was read for it no longer holds
        for (const id of [...this.cached.keys()]) if (!this.accounts.all.some((a) => a.id === id && a.source.kind !== 'cliProfile')) this.cached.delete(id);
        this.changed.fire();
        // the welcome view follows the active account (refreshContext never rejects: it only reads through get())
        this.refreshContext().catch(() => undefined);
      }),
    );
  }

  /** The active account's key; rejects (CliConfigError) when its Nextmv CLI profile cannot be used. */
  get(): Promise<ResolvedApiKey | undefined> {
    return this.getFor(this.accounts.active);
  }

  /** That account's key, whichever account is active: a client built for one account never sends another's. */
  getFor(account: Account): Promise<ResolvedApiKey | undefined> {
    if (account.source.kind === 'cliProfile') {
      const found = this.cliProfileOf(account);
      return 'error' in found ? Promise.reject(found.error) : Promise.resolve({ key: found.apiKey, source: 'cliProfile' });
    }
    if (account.source.kind === 'environment') return Promise.resolve(this.fromEnv());
    let read = this.cached.get(account.id);
    if (!read) {
      read = this.read(account);
      this.cached.set(account.id, read);
    }
    return read;
  }

  /** A Nextmv CLI account's profile: read from the file the first time it is needed, then kept until Refresh. */
  cliProfileOf(account: Account): CliResolution {
    if (account.source.kind !== 'cliProfile') return { error: new Error(vscode.l10n.t('account "{0}" does not use a Nextmv CLI profile', account.name)) };
    let found = this.cli.get(account.id);
    if (!found) {
      const profile = account.source.profile ?? undefined;
      try {
        const cli = loadCliConfig();
        found = cli.usableProfile(cli.readCliConfig(), profile);
        this.onKey(found.apiKey);
      } catch (error) {
        found = { error };
      }
      this.cli.set(account.id, found);
    }
    return found;
  }

  /** Re-read the Nextmv CLI's file next time (Refresh): the user may have edited it. */
  forgetCliProfiles(): void {
    this.cli.clear();
  }

  private async read(account: Account): Promise<ResolvedApiKey | undefined> {
    let stored: string | undefined;
    try {
      stored = (await this.secrets.get(secretName(account)))?.trim();
    } catch {
      this.cached.delete(account.id); // a failed read is not remembered
    }
    if (stored) {
      this.onKey(stored);
      return { key: stored, source: 'storage' };
    }
    // NEXTMV_API_KEY stands in for the first account's key, as it did before there were accounts
    return account.id === DEFAULT_ACCOUNT_ID ? this.fromEnv() : undefined;
  }

  private fromEnv(): ResolvedApiKey | undefined {
    const key = this.env[EnvVars.apiKey]?.trim();
    if (!key) return undefined;
    this.onKey(key);
    return { key, source: 'environment' };
  }

  /** Stores the active account's key (which must be the default account or one with a stored key). */
  async store(key: string): Promise<void> {
    await this.storeFor(this.accounts.active, key);
  }

  async storeFor(account: Account, key: string): Promise<void> {
    this.cached.delete(account.id);
    await this.secrets.store(secretName(account), key.trim());
    this.cached.delete(account.id);
    if (account.id === this.accounts.active.id) await this.refreshContext();
  }

  /** Removes the active account's stored key. */
  async clear(): Promise<void> {
    await this.clearFor(this.accounts.active);
  }

  async clearFor(account: Account): Promise<void> {
    this.cached.delete(account.id);
    await this.secrets.delete(secretName(account));
    this.cached.delete(account.id);
    if (account.id === this.accounts.active.id) await this.refreshContext();
  }

  /**
   * Sets the context keys from the active account; returns its key, if known. A Nextmv CLI account counts as
   * having a key without reading the file (that waits until the key is needed, and a problem shows then).
   */
  async refreshContext(): Promise<ResolvedApiKey | undefined> {
    const account = this.accounts.active;
    const resolved = account.source.kind === 'cliProfile' ? undefined : await this.get();
    const has = account.source.kind === 'cliProfile' || resolved !== undefined;
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, has);
    await vscode.commands.executeCommand('setContext', ContextKeys.apiKeySource, account.source.kind === 'cliProfile' ? 'cliProfile' : (resolved?.source ?? 'none'));
    return resolved;
  }
}

/** The SecretStorage name of an account's key: the first account keeps the name the single key always had. */
export function secretName(account: Account): string {
  return account.id === DEFAULT_ACCOUNT.id ? SecretKeys.apiKey : `${SecretKeys.apiKey}.${account.id}`;
}
