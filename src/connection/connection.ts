import * as vscode from 'vscode';
import { config } from '../config';
import { DEFAULT_API_URL, EnvVars } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { ApiKeyStore } from './apiKey';
import { loadApi } from './loadApi';
import type { NextmvClient, Transport } from '../core/api';

/**
 * Builds the API client from the settings (API URL, proxy, transport) and rebuilds it when they change.
 * The client asks the key store for the key on every call, so a new key takes effect at once.
 */
export class Connection extends Disposable {
  private current: { client: NextmvClient; transport: Transport } | undefined;
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

  /** The API root in use: the setting, or NEXTMV_ENDPOINT while the setting is at its default. */
  get apiUrl(): string {
    const configured = config.apiUrl;
    const fromEnv = this.env[EnvVars.endpoint]?.trim();
    return configured === DEFAULT_API_URL && fromEnv ? fromEnv : configured || DEFAULT_API_URL;
  }

  client(): NextmvClient {
    this.current ??= this.build(() => this.keys.get().then((k) => k?.key));
    return this.current.client;
  }

  /** A client that uses the given key instead of the stored one: checks a key before it is saved. */
  clientWithKey(key: string): { client: NextmvClient; dispose(): void } {
    const built = this.build(async () => key);
    return { client: built.client, dispose: () => void built.transport.close?.() };
  }

  private build(getApiKey: () => Promise<string | undefined>): { client: NextmvClient; transport: Transport } {
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
    const client = new api.NextmvClient({ baseUrl: this.apiUrl, getApiKey, transport, log: (l) => this.log.warn(l), userAgent: 'nextmv-webhooks-vscode' });
    return { client, transport };
  }

  private reset(): void {
    void this.current?.transport.close?.();
    this.current = undefined;
  }
}
