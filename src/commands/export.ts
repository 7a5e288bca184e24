import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Conversation } from '../core/api/types';
import { fileProblemOf, writeFileAtomically } from '../core/export/file';
import { jsonLines, lineMasker, type ExportTally } from '../core/export/lines';
import { matchingDeliveries } from '../core/export/walk';
import { compileFilter, describeFilter, type CompiledFilter } from '../core/filter/filter';
import { userMessageOf } from '../core/userMessage';
import { CONVERSATION_PAGE_SIZE } from '../tree/modelTypes';
import { isConversationNode, type ConversationNode } from '../tree/nodes';
import { formatNumber, plural } from '../shared/intl';
import { resolveWebhook } from './webhook';

/** What an export wrote (for the tests; the user gets a notification). */
export interface ExportResult {
  readonly file: string;
  readonly written: number;
  readonly masked: number;
}

/**
 * Export Deliveries… (a webhook's context menu, the palette): the webhook's deliveries as the tree shows them
 * — every one its filter lets through, not only the page on screen — walked from the API page by page as the
 * file is written (core/export), so a long list is never held whole.
 */
export async function exportDeliveries(s: Services, arg: unknown): Promise<ExportResult | undefined> {
  const webhook = await resolveWebhook(s, arg, vscode.l10n.t('Export the deliveries of which webhook?'));
  if (!webhook) return undefined;
  const id = webhook.id;
  const filter = shownFilter(s, id);
  const what = filter ? vscode.l10n.t('{0} deliveries of {1}', describeFilter(filter.filter), id) : vscode.l10n.t('deliveries of {0}', id);
  const file = await askFile(`${id}-deliveries.jsonl`, vscode.l10n.t('Export the {0}', what));
  if (!file) return undefined;
  return runExport(s, file, what, [id], (signal, onPage) =>
    matchingDeliveries(s.connection.client().listConversations(id, { limit: CONVERSATION_PAGE_SIZE, signal }), filter, onPage),
  );
}

/** Export… on delivery rows: the selected ones (or the one clicked), as they were fetched. */
export async function exportSelectedDeliveries(s: Services, arg: unknown, selection: unknown): Promise<ExportResult | undefined> {
  const nodes = selectedConversations(arg, selection);
  if (!nodes.length) return undefined;
  const hooks = [...new Set(nodes.map((n) => n.webhookId))];
  const one = nodes.length === 1 ? nodes[0] : undefined;
  const what = one ? vscode.l10n.t('delivery {0} of {1}', one.conversation.id, one.webhookId) : plural(nodes.length, vscode.l10n.t('one={0} selected delivery|other={0} selected deliveries', count(nodes.length)), vscode.env.language);
  const name = one ? `${one.webhookId}-${one.conversation.id}` : `${hooks.length === 1 ? hooks[0] : 'nextmv'}-deliveries`;
  const file = await askFile(`${name.replace(/[^\w.-]+/g, '_')}.jsonl`, vscode.l10n.t('Export the {0}', what));
  if (!file) return undefined;
  return runExport(s, file, what, hooks, () => nodes.map((n) => n.conversation));
}

/**
 * The filter that decides what the tree shows for this webhook: the one its loaded list was matched with
 * (the same start for "last hour"), else the one in force now.
 */
function shownFilter(s: Services, webhookId: string): CompiledFilter | undefined {
  const loaded = s.model.conversationsState(webhookId);
  if (loaded?.state === 'loaded') return loaded.value.filter;
  const f = s.model.filters.of(webhookId);
  return f ? compileFilter(f, Date.now()) : undefined;
}

function selectedConversations(arg: unknown, selection: unknown): ConversationNode[] {
  const picked = Array.isArray(selection) ? selection.filter(isConversationNode) : [];
  if (picked.length) return picked;
  return isConversationNode(arg) ? [arg] : [];
}

async function askFile(name: string, title: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const file = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] }, saveLabel: vscode.l10n.t('Export'), title });
  if (file && file.scheme !== 'file') {
    // the lines stream through Node's file system where the extension runs
    void vscode.window.showErrorMessage(vscode.l10n.t('Export writes to a file on this computer: pick a local file (Show Local in the dialog).'));
    return undefined;
  }
  return file;
}

type Source = (signal: AbortSignal, onPage: (checked: number) => void) => AsyncIterable<Conversation> | Iterable<Conversation>;

/**
 * The export itself, behind a cancellable notification counting what was written. The file appears only
 * when every line is in it: a cancel, an API error or a failing disk leaves no file (core/export/file.ts).
 */
async function runExport(s: Services, file: vscode.Uri, what: string, webhookIds: readonly string[], source: Source): Promise<ExportResult | undefined> {
  const target = file.fsPath;
  const tally: ExportTally = { written: 0, masked: 0 };
  const abort = new AbortController();
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting the {0}', what), cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      if (token.isCancellationRequested) abort.abort();
      const lineOf = lineMasker(await secretsToMask(s, webhookIds, abort.signal));
      const onPage = (checked: number) => progress.report({ message: vscode.l10n.t('{0} written, {1} checked', count(tally.written), count(checked)) });
      await writeFileAtomically(target, jsonLines(source(abort.signal, onPage), lineOf, tally), { signal: abort.signal });
    });
  } catch (err) {
    if (abort.signal.aborted) {
      s.log.info(`Export of the ${what} cancelled after ${tally.written} lines; nothing written`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Export cancelled: no file was written.'));
      return undefined;
    }
    s.log.error(`Export of the ${what} to ${target} failed`, err);
    const problem = fileProblemOf(err);
    const why = problem ? vscode.l10n.t('{0} could not be written: {1}.', target, problem) : userMessageOf(err).replace(/\.?$/, '.');
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not export the {0}: {1} No file was written.', what, why));
    return undefined;
  }
  s.log.info(`Exported ${tally.written} lines (${tally.masked} masked) of the ${what} to ${target}`);
  const masked = tally.masked
    ? ` ${vscode.l10n.t('{0} of them held a secret (the API key or a signing secret), written as [secret].', count(tally.masked))}`
    : '';
  const exported = plural(tally.written, vscode.l10n.t('one=Exported {0} delivery to {1}.|other=Exported {0} deliveries to {1}.', count(tally.written), path.basename(target)), vscode.env.language);
  void vscode.window.showInformationMessage(`${exported}${masked}`);
  return { file: target, written: tally.written, masked: tally.masked };
}

/**
 * What must never reach the file: the active account's API key and the signing secret of each webhook
 * exported (fetched for this; never written, logged or shown). Without the secret there is no export.
 */
async function secretsToMask(s: Services, webhookIds: readonly string[], signal: AbortSignal): Promise<string[]> {
  const key = await s.keys.get();
  const secrets = key ? [key.key] : [];
  for (const id of webhookIds) {
    try {
      const secret = await s.connection.client().getSecret(id, { signal });
      s.log.addSecret(secret);
      secrets.push(secret);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new Error(vscode.l10n.t('the signing secret of {0} could not be read to keep it out of the file ({1})', id, userMessageOf(err).replace(/\.$/, '')), { cause: err });
    }
  }
  return secrets;
}

function count(n: number): string {
  return formatNumber(n, vscode.env.language);
}
