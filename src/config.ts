/**
 * The extension's settings, typed, in one place: nothing else names a setting. Values are read when asked
 * for (VS Code keeps the configuration in memory), so a changed setting counts at once.
 */
import * as vscode from 'vscode';
import type { ProxySettings } from './core/api';
import { DEFAULT_API_URL, SETTINGS_SECTION, settingId, type SettingKey } from './constants';

export const config = {
  /** the API root as set, trimmed (the connection decides between it and NEXTMV_ENDPOINT) */
  get apiUrl(): string {
    return section().get<string>('apiUrl', DEFAULT_API_URL).trim();
  },
  /** 0 = off */
  get autoRefreshSeconds(): number {
    return section().get<number>('autoRefreshSeconds', 0);
  },
  get requestTimeoutSeconds(): number {
    return section().get<number>('requestTimeoutSeconds', 30);
  },
  get useVSCodeFetch(): boolean {
    return section().get<boolean>('useVSCodeFetch', false);
  },
  /** one notification per refresh that finds new failed deliveries */
  get notifyOnFailures(): boolean {
    return section().get<boolean>('notifyOnFailures', true);
  },
  /** VS Code's proxy settings (http.*), which do not reach an imported undici on their own */
  get proxy(): ProxySettings {
    const http = vscode.workspace.getConfiguration('http');
    return {
      proxy: http.get<string>('proxy') || undefined,
      noProxy: http.get<string[]>('noProxy') ?? [],
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      proxyAuthorization: http.get<string | null>('proxyAuthorization') || undefined,
    };
  },
  /** whether a configuration change touches one of our settings (or, with no key, any of them) */
  affects(e: vscode.ConfigurationChangeEvent, key?: SettingKey): boolean {
    return e.affectsConfiguration(key ? settingId(key) : SETTINGS_SECTION);
  },
  /** whether a configuration change touches the network settings the transport is built from */
  affectsNetwork(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration('http');
  },
};

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION);
}
