/**
 * New Webhook Handler…: a complete, runnable handler that verifies Nextmv-Signature (one of the templates
 * shipped in media/handlers, the very files the tests run) in an untitled editor, with the chosen webhook's
 * endpoint path filled in. The secret is never written into it: the handler reads it from an env var.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Webhook } from '../core/api';
import {
  DEFAULT_HANDLER_PATH,
  DEFAULT_SECRET_ENV_VAR,
  HANDLER_TEMPLATES,
  endpointPathProblem,
  fillHandlerTemplate,
  templateFileName,
  type HandlerTemplate,
} from '../core/handlers/templates';
import { userMessageOf } from '../core/userMessage';
import { isWebhookNode } from '../tree/nodes';

export async function newWebhookHandler(s: Services, arg: unknown): Promise<vscode.TextEditor | undefined> {
  const picked = await vscode.window.showQuickPick(
    HANDLER_TEMPLATES.map((template) => ({
      label: template.label,
      description: templateFileName(template),
      detail: vscode.l10n.t('Run: {0}=\'…\' {1}{2}', DEFAULT_SECRET_ENV_VAR, template.run, template.install ? vscode.l10n.t(' (after {0})', template.install) : ''),
      template,
    })),
    { title: vscode.l10n.t('New Webhook Handler'), placeHolder: vscode.l10n.t('Which language and framework?') },
  );
  if (!picked) return undefined;
  const webhook = isWebhookNode(arg) ? arg.webhook : await pickWebhookForPath(s);
  if (webhook === undefined) return undefined;
  const { path, note } = endpointPathOf(webhook || undefined);
  const template: HandlerTemplate = picked.template;
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(s.context.extensionUri, 'media', 'handlers', ...template.file.split('/')));
  const text = fillHandlerTemplate(new TextDecoder().decode(bytes), { path, envVar: DEFAULT_SECRET_ENV_VAR });
  const doc = await vscode.workspace.openTextDocument({ language: template.languageId, content: text });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0}Save it as {1}{2}, then start it with {3} set to the webhook\'s signing secret (Copy Signing Secret): {4}. It serves POST {5} on port 8000; Send Again a delivery to http://localhost:8000{6} to try it.', note, templateFileName(template), template.install ? vscode.l10n.t(', run {0}', template.install) : '', DEFAULT_SECRET_ENV_VAR, template.run, path, path),
  );
  return editor;
}

/** A webhook whose endpoint path the handler serves, false for "none in particular", undefined when cancelled. */
async function pickWebhookForPath(s: Services): Promise<Webhook | false | undefined> {
  if (!(await s.keys.get())) return false;
  let webhooks: readonly Webhook[] = [];
  try {
    const state = await s.model.loadWebhooks();
    if (state.state === 'loaded') webhooks = state.value;
  } catch (err) {
    s.log.warn(`New Webhook Handler: could not list the webhooks (the handler serves ${DEFAULT_HANDLER_PATH}): ${userMessageOf(err)}`);
  }
  if (!webhooks.length) return false;
  const none = { label: vscode.l10n.t('No particular webhook'), description: vscode.l10n.t('serves {0}', DEFAULT_HANDLER_PATH), webhook: false as const };
  const picked = await vscode.window.showQuickPick(
    [none, ...webhooks.map((w) => ({ label: w.id, description: vscode.l10n.t('serves {0}', pathOf(w.endpointUrl) ?? DEFAULT_HANDLER_PATH), webhook: w }))],
    { title: vscode.l10n.t('New Webhook Handler: for which webhook?'), placeHolder: vscode.l10n.t('The handler serves the path of the webhook\'s endpoint') },
  );
  return picked?.webhook;
}

/** The path the handler serves: the webhook endpoint's, when a handler can serve it as written. */
function endpointPathOf(webhook: Webhook | undefined): { path: string; note: string } {
  const path = webhook ? pathOf(webhook.endpointUrl) : undefined;
  if (!webhook || path === undefined || path === '/') return { path: DEFAULT_HANDLER_PATH, note: '' };
  const problem = endpointPathProblem(path);
  if (problem) return { path: DEFAULT_HANDLER_PATH, note: vscode.l10n.t('The endpoint path of "{0}" cannot be used as written ({1}); the handler serves {2}. ', webhook.id, problem, DEFAULT_HANDLER_PATH) };
  return { path, note: '' };
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}
