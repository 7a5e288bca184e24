import * as vscode from 'vscode';
import { Commands, settingId } from '../constants';
import { isApiError, isRateLimitedError } from '../core/api/errors';
import { clampDelayMs } from '../core/timers';
import { userMessageOf } from '../core/userMessage';
import { isCliConfigError } from '../core/accounts/cliConfigError';
import type { MessageNode } from './nodes';

/** One pending automatic retry per row (rate limits), so repeated renders do not pile up timers. */
export class RetryTimers implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** `ms` comes from the server's Retry-After: clamped, or a far-off one would overflow into an instant retry */
  schedule(id: string, ms: number, retry: () => void): void {
    if (this.timers.has(id)) return;
    this.timers.set(id, setTimeout(() => {
      this.timers.delete(id);
      retry();
    }, clampDelayMs(ms)));
  }
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

interface ErrorNodeOptions {
  readonly id: string;
  readonly parentWebhookId?: string;
  readonly retry: () => void;
}

/** A failed fetch as a row that says what happened and offers the way out. */
export function errorNode(error: unknown, o: ErrorNodeOptions, timers: RetryTimers): MessageNode {
  const tooltip = userMessageOf(error);
  const retryCommand = o.parentWebhookId
    ? { command: Commands.refreshNode, title: 'Retry', arguments: [o.parentWebhookId] }
    : { command: Commands.refresh, title: 'Retry' };
  const base = { kind: 'message' as const, id: o.id, parentWebhookId: o.parentWebhookId, tooltip, iconColor: 'errorForeground' };
  if (isCliConfigError(error)) {
    return { ...base, label: 'Nextmv CLI profile unusable — Switch Account', description: tooltip.slice(0, 80), icon: 'warning', command: { command: Commands.switchAccount, title: 'Switch Account' } };
  }
  const kind = isApiError(error) ? error.kind : undefined;
  switch (kind) {
    case 'unauthorized':
    case 'missingApiKey':
      return { ...base, label: 'API key rejected — Set API Key', description: kind === 'missingApiKey' ? 'no key' : '401/403', icon: 'key', command: { command: Commands.setApiKey, title: 'Set API Key' } };
    case 'rateLimited': {
      const seconds = Math.max(1, Math.ceil((isRateLimitedError(error) ? error.retryAfterSeconds : undefined) ?? 10));
      timers.schedule(o.id, seconds * 1000, o.retry);
      return { ...base, label: `Rate limited — retrying in ${seconds} s`, icon: 'watch', iconColor: 'editorWarning.foreground', command: retryCommand };
    }
    case 'invalidBaseUrl':
      return { ...base, label: 'The Nextmv API URL is not valid — Open Settings', icon: 'settings-gear', command: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [settingId('apiUrl')] } };
    case 'notFound':
      return { ...base, label: 'Not found on Nextmv — Refresh', icon: 'question', command: { command: Commands.refresh, title: 'Refresh' } };
    case 'server':
      return { ...base, label: 'Nextmv had a problem — Retry', description: isApiError(error) && error.status ? String(error.status) : undefined, icon: 'error', command: retryCommand };
    case 'network':
    case 'timeout':
      return { ...base, label: 'Could not reach Nextmv — Retry', description: kind === 'timeout' ? 'timed out' : undefined, icon: 'debug-disconnect', command: retryCommand };
    default:
      return { ...base, label: 'Could not load — Retry', description: tooltip.slice(0, 80), icon: 'error', command: retryCommand };
  }
}
