import * as vscode from 'vscode';
import type { RootErrorKind } from '../constants';
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

/**
 * Why the list of webhooks could not load, as the view's welcome content says it (package.json viewsWelcome,
 * one entry per kind, each with its buttons): errors that need an action are welcome content, not rows.
 */
export function rootErrorKind(error: unknown): RootErrorKind {
  if (isCliConfigError(error)) return 'cliProfile';
  switch (isApiError(error) ? error.kind : undefined) {
    case 'unauthorized':
    case 'missingApiKey':
      return 'unauthorized';
    case 'invalidBaseUrl':
      return 'invalidUrl';
    case 'network':
    case 'timeout':
      return 'unreachable';
    case 'server':
      return 'server';
    case 'rateLimited':
      return 'rateLimited';
    default:
      return 'other';
  }
}

/** How long Nextmv asked us to wait (Retry-After, at least a second, 10 s when it did not say). */
export function retryAfterMs(error: unknown): number {
  return Math.max(1, Math.ceil((isRateLimitedError(error) ? error.retryAfterSeconds : undefined) ?? 10)) * 1000;
}

interface ErrorNodeOptions {
  readonly id: string;
  readonly parentWebhookId?: string;
  readonly retry: () => void;
}

/**
 * A webhook's deliveries that failed to load, as a row that says what happened: not clickable, with an
 * inline Refresh that retries (package.json: viewItem == loadError); a rate limit retries by itself.
 */
export function errorNode(error: unknown, o: ErrorNodeOptions, timers: RetryTimers): MessageNode {
  const tooltip = userMessageOf(error);
  const base = { kind: 'message' as const, id: o.id, parentWebhookId: o.parentWebhookId, tooltip, iconColor: 'errorForeground', retry: true };
  if (isCliConfigError(error)) return { ...base, label: vscode.l10n.t('Nextmv CLI profile unusable'), description: tooltip.slice(0, 80), icon: 'warning' };
  const kind = isApiError(error) ? error.kind : undefined;
  switch (kind) {
    case 'unauthorized':
    case 'missingApiKey':
      return { ...base, label: vscode.l10n.t('API key rejected'), description: kind === 'missingApiKey' ? vscode.l10n.t('no key') : '401/403', icon: 'key' };
    case 'rateLimited': {
      const ms = retryAfterMs(error);
      timers.schedule(o.id, ms, o.retry);
      return { ...base, label: vscode.l10n.t('Rate limited — retrying in {0} s', ms / 1000), icon: 'watch', iconColor: 'editorWarning.foreground' };
    }
    case 'notFound':
      return { ...base, label: vscode.l10n.t('Not found on Nextmv'), description: vscode.l10n.t('refresh the view'), icon: 'question' };
    case 'server':
      return { ...base, label: vscode.l10n.t('Nextmv had a problem'), description: isApiError(error) && error.status ? String(error.status) : undefined, icon: 'error' };
    case 'network':
    case 'timeout':
      return { ...base, label: vscode.l10n.t('Could not reach Nextmv'), description: kind === 'timeout' ? vscode.l10n.t('timed out') : undefined, icon: 'debug-disconnect' };
    default:
      return { ...base, label: vscode.l10n.t('Could not load'), description: tooltip.slice(0, 80), icon: 'error' };
  }
}
