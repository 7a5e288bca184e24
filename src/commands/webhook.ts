import * as vscode from 'vscode';
import type { Services } from '../services';
import { Views } from '../constants';
import type { Webhook } from '../core/api';
import { isApiError } from '../core/api/errors';
import { webhookChangedSince } from '../core/api/types';
import { userMessageOf } from '../core/userMessage';
import { isConversationNode, isWebhookNode, type WebhookNode } from '../tree/nodes';
import { runWebhookForm, type WebhookFormValues } from './webhookForm';
import { hostOf } from '../shared/text';

/**
 * The webhook a command acts on: the clicked row, an id, or (from the palette) a quick pick by id.
 * `rowsOnly`: for commands that hand out a secret, only a row of our own tree counts (any extension can run
 * a command with any argument); anything else falls back to the quick pick, where the user decides.
 */
export async function resolveWebhook(s: Services, arg: unknown, placeHolder: string, o: { rowsOnly?: boolean } = {}): Promise<Webhook | undefined> {
  if (o.rowsOnly) {
    if (!isWebhookNode(arg) || s.tree.webhookNode(arg.webhook.id) !== arg) return pickWebhook(s, placeHolder);
    return arg.webhook;
  }
  if (isWebhookNode(arg)) return arg.webhook;
  if (isConversationNode(arg)) return s.model.findWebhook(arg.webhookId) ?? (await s.connection.client().getWebhook(arg.webhookId));
  if (typeof arg === 'string') return s.model.findWebhook(arg) ?? (await s.connection.client().getWebhook(arg));
  return pickWebhook(s, placeHolder);
}

async function pickWebhook(s: Services, placeHolder: string): Promise<Webhook | undefined> {
  const state = await s.model.loadWebhooks();
  if (state.state === 'failed') throw state.error;
  if (state.state !== 'loaded') return undefined;
  if (state.value.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no webhooks yet. Create one with Nextmv Webhooks: Create Webhook.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    state.value.map((w) => ({ label: w.id, description: hostOf(w.endpointUrl), detail: w.description || undefined, webhook: w })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.webhook;
}

/** Several selected rows (multi-select) or the one the command was run on. */
function selectedWebhooks(arg: unknown, all: unknown): Webhook[] | undefined {
  if (Array.isArray(all) && all.length) {
    const hooks = all.filter(isWebhookNode).map((n: WebhookNode) => n.webhook);
    if (hooks.length) return hooks;
  }
  return isWebhookNode(arg) ? [arg.webhook] : undefined;
}

export async function createWebhook(s: Services): Promise<Webhook | undefined> {
  const state = await s.model.loadWebhooks();
  const taken = new Set(state.state === 'loaded' ? state.value.map((w) => w.id) : []);
  let values: WebhookFormValues = { id: '', endpointUrl: '', eventTypes: ['run.status'], description: '' };
  for (;;) {
    const answer = await runWebhookForm(s.prompter, 'create', values, taken);
    if (!answer) return undefined;
    values = answer;
    let created: Webhook;
    try {
      created = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating webhook {0}…', answer.id) },
        () => s.connection.client().createWebhook(answer),
      );
    } catch (err) {
      if (!(await offerEditAndRetry(s, vscode.l10n.t('create webhook "{0}"', answer.id), err))) return undefined;
      if (isApiError(err) && err.kind === 'conflict') taken.add(answer.id);
      continue;
    }
    s.log.info(`Created webhook ${created.id}`);
    const stored = await readBack(s, created);
    s.model.upsertWebhook(stored);
    await reveal(s, stored.id);
    return stored;
  }
}

export async function editWebhook(s: Services, arg: unknown): Promise<Webhook | undefined> {
  let loaded = await resolveWebhook(s, arg, vscode.l10n.t('Which webhook do you want to edit?'));
  if (!loaded) return undefined;
  let values: WebhookFormValues = { id: loaded.id, endpointUrl: loaded.endpointUrl, eventTypes: [...loaded.eventTypes], description: loaded.description };
  for (;;) {
    const answer = await runWebhookForm(s.prompter, 'edit', values, new Set());
    if (!answer) return undefined;
    values = answer;
    let updated: Webhook;
    try {
      const client = s.connection.client();
      // Someone may have changed it since it was loaded: ask before overwriting their change.
      const current = await client.getWebhook(loaded.id);
      if (webhookChangedSince(loaded, current)) {
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Webhook "{0}" was changed on Nextmv since it was loaded{1}.', loaded.id, current.updatedAt ? vscode.l10n.t(' (updated {0})', current.updatedAt) : ''),
          { modal: true, detail: vscode.l10n.t('Saving replaces that change with your values.') },
          vscode.l10n.t('Overwrite'),
        );
        if (choice !== vscode.l10n.t('Overwrite')) return undefined;
        loaded = current; // accepted: a retry asks again only about a change made after this one
      }
      // PUT replaces the whole object: start from what the server has now, so unknown fields survive.
      updated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving webhook {0}…', loaded.id) }, () =>
        client.updateWebhook({ ...answer, raw: current.raw }),
      );
    } catch (err) {
      // Nothing typed is lost: the same steps reopen with the values, after the reason is shown.
      if (!(await offerEditAndRetry(s, vscode.l10n.t('save webhook "{0}"', loaded.id), err))) return undefined;
      continue;
    }
    s.log.info(`Updated webhook ${updated.id}`);
    // the server's updated_at, not the one sent back from the old copy: the next edit compares with it
    const stored = await readBack(s, updated);
    s.model.upsertWebhook(stored);
    return stored;
  }
}

/** After a failed create or save: says why, and whether the user wants the steps again (prefilled). */
async function offerEditAndRetry(s: Services, action: string, err: unknown): Promise<boolean> {
  s.log.error(`Could not ${action}`, err);
  return (await vscode.window.showErrorMessage(vscode.l10n.t('Could not {0}: {1}', action, userMessageOf(err)), vscode.l10n.t('Edit and Retry'))) === vscode.l10n.t('Edit and Retry');
}

/**
 * The webhook as Nextmv has it after a create or save (its own timestamps and fields: the answer may have
 * been a bare 202 or an empty body), or what the client made of the answer when it cannot be read back.
 */
async function readBack(s: Services, saved: Webhook): Promise<Webhook> {
  try {
    return await s.connection.client().getWebhook(saved.id);
  } catch (err) {
    s.log.warn(`Could not read webhook ${saved.id} back after saving it (the view shows what was sent): ${userMessageOf(err)}`);
    return saved;
  }
}

export async function deleteWebhooks(s: Services, arg: unknown, all: unknown): Promise<string[]> {
  const hooks = selectedWebhooks(arg, all) ?? [await resolveWebhook(s, arg, vscode.l10n.t('Which webhook do you want to delete?'))].filter((w): w is Webhook => !!w);
  if (!hooks.length) return [];
  const names = hooks.map((w) => `"${w.id}"`).join(', ');
  const choice = await vscode.window.showWarningMessage(
    hooks.length === 1 ? vscode.l10n.t('Delete webhook {0}?', names) : vscode.l10n.t('Delete {0} webhooks: {1}?', hooks.length, names),
    { modal: true, detail: vscode.l10n.t('Nextmv stops sending deliveries to it, and its delivery history is gone. This cannot be undone.') },
    vscode.l10n.t('Delete'),
  );
  if (choice !== vscode.l10n.t('Delete')) return [];
  const deleted: string[] = [];
  const failures: string[] = [];
  for (const w of hooks) {
    try {
      await s.connection.client().deleteWebhook(w.id);
      deleted.push(w.id);
      s.model.removeWebhook(w.id);
      s.log.info(`Deleted webhook ${w.id}`);
    } catch (err) {
      s.log.error(`Delete webhook ${w.id} failed`, err);
      failures.push(`"${w.id}": ${userMessageOf(err)}`);
    }
  }
  if (failures.length) void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete {0}', failures.join('; ')));
  return deleted;
}

export async function copySigningSecret(s: Services, arg: unknown): Promise<boolean> {
  const webhook = await resolveWebhook(s, arg, vscode.l10n.t('Copy the signing secret of which webhook?'), { rowsOnly: true });
  if (!webhook) return false;
  const secret = await s.connection.client().getSecret(webhook.id);
  s.log.addSecret(secret);
  await vscode.env.clipboard.writeText(secret);
  // never the secret itself in a notification or a log line
  void vscode.window.showInformationMessage(vscode.l10n.t('Signing secret of "{0}" copied to the clipboard.', webhook.id));
  return true;
}

export async function copyEndpointUrl(s: Services, arg: unknown): Promise<boolean> {
  const webhook = await resolveWebhook(s, arg, vscode.l10n.t('Copy the endpoint URL of which webhook?'));
  if (!webhook) return false;
  await vscode.env.clipboard.writeText(webhook.endpointUrl);
  void vscode.window.showInformationMessage(vscode.l10n.t('Endpoint URL of "{0}" copied.', webhook.id));
  return true;
}

/** Selects (and for a conversation, expands down to) a row once the tree has it. */
export async function reveal(s: Services, webhookId: string, conversationId?: string): Promise<void> {
  try {
    // A view that was never shown has no rows to select yet: show it first (its `.focus` command).
    if (!s.treeView.visible) await vscode.commands.executeCommand(`${Views.webhooks}.focus`);
    await s.tree.getChildren();
    const hookNode = s.tree.webhookNode(webhookId);
    if (!hookNode) return;
    if (!conversationId) {
      await s.treeView.reveal(hookNode, { select: true, focus: false });
      return;
    }
    // the page that holds it goes on screen (pages replace each other), even if the filter would hide it
    await s.model.showConversation(webhookId, conversationId);
    // The tree may be re-rendering (health, refresh) while we reveal, and VS Code then drops the
    // selection: check and try again a few times. A row that arrived since the webhook's rows were last
    // drawn cannot be revealed until VS Code applies the refresh (it waits ~200 ms to batch them): VS Code
    // says "Cannot resolve tree item", and the next attempt finds it.
    let failure: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      await s.tree.getChildren(hookNode);
      const target = s.tree.conversationNode(webhookId, conversationId) ?? hookNode;
      try {
        await s.treeView.reveal(target, { select: true, focus: false, expand: true });
      } catch (err) {
        failure = err;
      }
      await new Promise((r) => setTimeout(r, 250));
      if (s.treeView.selection.includes(target)) return;
    }
    if (failure) throw failure;
  } catch (err) {
    s.log.warn(`Could not reveal ${webhookId}${conversationId ? `/${conversationId}` : ''}: ${userMessageOf(err)}`);
  }
}
