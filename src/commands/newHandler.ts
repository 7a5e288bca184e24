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
      detail: `Run: ${DEFAULT_SECRET_ENV_VAR}='…' ${template.run}${template.install ? ` (after ${template.install})` : ''}`,
      template,
    })),
    { title: 'New Webhook Handler', placeHolder: 'Which language and framework?' },
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
    `${note}Save it as ${templateFileName(template)}${template.install ? `, run ${template.install}` : ''}, then start it with ${DEFAULT_SECRET_ENV_VAR} set to the webhook's signing secret (Copy Signing Secret): ${template.run}. It serves POST ${path} on port 8000; Send Again a delivery to http://localhost:8000${path} to try it.`,
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
  const none = { label: 'No particular webhook', description: `serves ${DEFAULT_HANDLER_PATH}`, webhook: false as const };
  const picked = await vscode.window.showQuickPick(
    [none, ...webhooks.map((w) => ({ label: w.id, description: `serves ${pathOf(w.endpointUrl) ?? DEFAULT_HANDLER_PATH}`, webhook: w }))],
    { title: 'New Webhook Handler: for which webhook?', placeHolder: "The handler serves the path of the webhook's endpoint" },
  );
  return picked?.webhook;
}

/** The path the handler serves: the webhook endpoint's, when a handler can serve it as written. */
function endpointPathOf(webhook: Webhook | undefined): { path: string; note: string } {
  const path = webhook ? pathOf(webhook.endpointUrl) : undefined;
  if (!webhook || path === undefined || path === '/') return { path: DEFAULT_HANDLER_PATH, note: '' };
  const problem = endpointPathProblem(path);
  if (problem) return { path: DEFAULT_HANDLER_PATH, note: `The endpoint path of "${webhook.id}" cannot be used as written (${problem}); the handler serves ${DEFAULT_HANDLER_PATH}. ` };
  return { path, note: '' };
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}
