import * as vscode from 'vscode';
import type { WebhooksModel } from './model';
import { formatNumber } from '../shared/intl';

/** A walk that has not finished after this long gets a notification with its progress and Cancel. */
export const WALK_NOTIFY_AFTER_MS = 500;

/**
 * Fills a webhook's page on screen (model.fillPage). Without a filter that is one request, shown by the tree's
 * own progress bar. With one it may take many: a walk still going after WALK_NOTIFY_AFTER_MS shows a
 * notification saying how far it got, whose Cancel stops it (the rows found so far stay, with a row to search
 * on). A walk already under way is joined, never shown twice.
 */
export async function fillWithProgress(model: WebhooksModel, webhookId: string): Promise<void> {
  let ofModel = walks.get(model);
  if (!ofModel) walks.set(model, (ofModel = new Map()));
  const joining = ofModel.get(webhookId);
  if (joining) return joining;
  const walk = run(model, webhookId).finally(() => ofModel.delete(webhookId));
  ofModel.set(webhookId, walk);
  return walk;
}

const walks = new WeakMap<WebhooksModel, Map<string, Promise<void>>>();

async function run(model: WebhooksModel, webhookId: string): Promise<void> {
  if (!model.filters.of(webhookId)) return model.fillPage(webhookId);
  const abort = new AbortController();
  let report: ((message: string) => void) | undefined;
  let last = '';
  const filling = model.fillPage(webhookId, {
    signal: abort.signal,
    onProgress: (fetched, matching) => {
      last = vscode.l10n.t('{0} deliveries checked, {1} match', formatNumber(fetched, vscode.env.language), formatNumber(matching, vscode.env.language));
      report?.(last);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([filling.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), WALK_NOTIFY_AFTER_MS)))]);
  clearTimeout(timer);
  if (quick) return;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Searching the deliveries of {0}', webhookId), cancellable: true },
    (progress, token) => {
      report = (message) => progress.report({ message });
      if (last) report(last);
      if (token.isCancellationRequested) abort.abort();
      token.onCancellationRequested(() => abort.abort());
      return filling;
    },
  );
}
