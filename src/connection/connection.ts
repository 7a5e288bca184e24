import * as vscode from 'vscode';
import { config } from '../config';
import { DEFAULT_API_URL, EnvVars } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { ApiKeyStore } from './apiKey';
import { loadApi } from './loadApi';
import type { NextmvClient, Transport } from '../core/api';
import { normalizeEndpoint } from '../core/api/baseUrl';
import { CLI_CONFIG_DISPLAY_PATH } from '../core/accounts/cliConfigError';
import type { Account } from '../core/accounts/accounts';

/** Where the active account's requests go, and where to correct that root when it is unusable. */
interface Target {
  readonly account: Account;
  readonly apiUrl: string;
  readonly fix?: string;
}

/**
 * Builds the API client for the active account (its API root and key) and the settings (proxy, transport),
 * and builds another when any of them changes. A client keeps to the account it was built for: it asks the
 * key store for that account's key on every call (so a new key takes effect at once), never the key of
 * whichever account is active by then.
 */
export class Connection extends Disposable {
  private current: { client: NextmvClient; transport: Transport; accountId: string; apiUrl: string } | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** the API URL or the network settings changed: cached data is stale */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (config.affects(e) || config.affectsNetwork(e)) {
          this.reset();
          this.changed.fire();
        }
      }),
    );
    this._register(toDisposable(() => this.reset()));
  }

  /** The active account's API root, a bare host shown with the https:// it is reached by. */
  get apiUrl(): string {
    return normalizeEndpoint(this.target().apiUrl);
  }

  /**
   * The active account's root: the default account's is the setting, or NEXTMV_ENDPOINT while the setting is
   * at its default; a Nextmv CLI profile's is read from the file (when that fails, the key lookup reports it).
   */
  private target(): Target {
    const account = this.keys.accounts.active;
    const fromEnv = this.env[EnvVars.endpoint]?.trim();
    switch (account.source.kind) {
      case 'default': {
        const configured = config.apiUrl;
        if (configured === DEFAULT_API_URL && fromEnv) return { account, apiUrl: fromEnv, fix: vscode.l10n.t('Correct NEXTMV_ENDPOINT in VS Code\'s environment, or set nextmvWebhooks.apiUrl.') };
        return { account, apiUrl: configured || DEFAULT_API_URL };
      }
      case 'stored':
        return { account, apiUrl: account.source.apiUrl, fix: vscode.l10n.t('Remove the account "{0}" and add it again with the API\'s root.', account.name) };
      case 'environment':
        return { account, apiUrl: fromEnv || DEFAULT_API_URL, fix: vscode.l10n.t('Correct NEXTMV_ENDPOINT in VS Code\'s environment.') };
      case 'cliProfile': {
        const found = this.keys.cliProfileOf(account);
        return { account, apiUrl: 'apiUrl' in found ? found.apiUrl : DEFAULT_API_URL, fix: vscode.l10n.t('Correct the profile\'s endpoint in {0}.', CLI_CONFIG_DISPLAY_PATH) };
      }
    }
  }

  /** The active account's client, built again when the account or its root changed since the last one. */
  client(): NextmvClient {
    const t = this.target();
    if (this.current && (this.current.accountId !== t.account.id || this.current.apiUrl !== t.apiUrl)) this.reset();
    if (!this.current) {
      const built = this.build(t, () => this.keys.getFor(t.account).then((k) => k?.key));
      this.current = { ...built, accountId: t.account.id, apiUrl: t.apiUrl };
    }
    return this.current.client;
  }

  /** A client that uses the given key (and root) instead of the active account's: checks a key before it is saved. */
  clientWithKey(key: string, apiUrl?: string): { client: NextmvClient; dispose(): void } {
    const t = this.target();
    const built = this.build(apiUrl === undefined ? t : { account: t.account, apiUrl, fix: vscode.l10n.t('Enter the API\'s root, such as api.cloud.nextmv.io.') }, async () => key);
    return { client: built.client, dispose: () => void built.transport.close?.() };
  }

  private build(target: Target, getApiKey: () => Promise<string | undefined>): { client: NextmvClient; transport: Transport } {
    const api = loadApi();
    const timeoutSeconds = config.requestTimeoutSeconds;
    const options = {
      // the whole request may take three times the setting: a server that drips its answer still ends
      timeouts: { connectMs: Math.min(10, timeoutSeconds) * 1000, headersMs: timeoutSeconds * 1000, bodyMs: timeoutSeconds * 1000, totalMs: 3 * timeoutSeconds * 1000 },
      // A longer Retry-After is not waited out behind a spinner: the tree shows "Rate limited — retrying in N s".
      retry: { maxRetryAfterMs: 5_000 },
      log: (line: string) => this.log.info(line),
    };
    const transport: Transport = config.useVSCodeFetch
      ? api.fetchTransport(globalThis.fetch, options)
      : new api.UndiciTransport({ ...options, proxy: config.proxy, env: this.env });
    const client = new api.NextmvClient({ baseUrl: target.apiUrl, baseUrlFix: target.fix, getApiKey, transport, log: (l) => this.log.warn(l), userAgent: 'nextmv-webhooks-vscode' });
    return { client, transport };
  }

  private reset(): void {
    void this.current?.transport.close?.();
    this.current = undefined;
  }
}
