/**
 * Request and response bodies as read-only editor documents (scheme `nextmv-webhooks`), so a body gets
 * VS Code's own highlighting, folding, search and diff. Conversations are kept in a small cache; a
 * document restored after a reload fetches its conversation again.
 */
import * as vscode from 'vscode';
import type { Conversation } from '../core/api/types';
import {
  BODY_SCHEME,
  UNKNOWN_WEBHOOK,
  bodyDocumentContent,
  bodyDocumentPath,
  parseBodyDocumentPath,
  type BodyPartName,
} from '../core/inspector/bodyDocument';
import { diffSides, diffTitle, type DeliveryRef } from '../core/inspector/deliveryActions';
import { isJson } from '../core/inspector/prettyJson';

export { BODY_SCHEME } from '../core/inspector/bodyDocument';

/** Conversations kept for their documents; bodies can be megabytes, so only the most recent few. */
const MAX_CACHED_CONVERSATIONS = 20;

export type GetConversation = (webhookId: string, conversationId: string) => Promise<Conversation>;

export class BodyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly conversations = new Map<string, Conversation>();

  constructor(private readonly getConversation: GetConversation) {}

  /** Keeps a conversation so its bodies open without a fetch; the most recently used stay. */
  remember(c: Conversation, webhookId?: string): void {
    const key = cacheKey(webhookIdOf(c, webhookId), c.id);
    this.conversations.delete(key);
    this.conversations.set(key, c);
    while (this.conversations.size > MAX_CACHED_CONVERSATIONS) {
      const oldest = this.conversations.keys().next().value;
      if (oldest === undefined) break;
      this.conversations.delete(oldest);
    }
  }

  /** Forgets every kept conversation (another account is active). */
  forget(): void {
    this.conversations.clear();
  }

  uriFor(c: Conversation, part: BodyPartName, webhookId?: string): vscode.Uri {
    const json = isJson(bodyOf(c, part));
    return vscode.Uri.from({ scheme: BODY_SCHEME, path: bodyDocumentPath({ webhookId: webhookIdOf(c, webhookId), conversationId: c.id, part }, json) });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseBodyDocumentPath(uri.path);
    if (!ref) throw new Error(vscode.l10n.t('Not a Nextmv Webhooks body: {0}', uri.toString()));
    let c = this.conversations.get(cacheKey(ref.webhookId, ref.conversationId));
    if (!c) {
      if (ref.webhookId === UNKNOWN_WEBHOOK) throw new Error(vscode.l10n.t('Conversation {0} is no longer available.', ref.conversationId));
      c = await this.getConversation(ref.webhookId, ref.conversationId);
      this.remember(c, ref.webhookId);
    }
    return bodyDocumentContent(bodyOf(c, ref.part)).text;
  }

  /** Opens one body in a read-only editor beside the inspector. */
  async open(c: Conversation, part: BodyPartName, webhookId?: string): Promise<void> {
    this.remember(c, webhookId);
    const uri = this.uriFor(c, part, webhookId);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  /** Two conversations' bodies side by side in VS Code's diff editor (older on the left); `otherWebhookId`: b's, when another webhook's. */
  async compareBodies(a: Conversation, b: Conversation, part: BodyPartName = 'request', webhookId?: string, otherWebhookId = webhookId): Promise<void> {
    const [left, right] = diffSides(
      { conversation: a, webhookId: webhookIdOf(a, webhookId) },
      { conversation: b, webhookId: webhookIdOf(b, otherWebhookId) },
    );
    for (const side of [left, right]) this.remember(side.conversation, side.webhookId);
    const uri = (side: DeliveryRef) => this.uriFor(side.conversation, part, side.webhookId);
    await vscode.commands.executeCommand('vscode.diff', uri(left), uri(right), diffTitle(left, right, part), { preview: true });
  }

  dispose(): void {
    this.conversations.clear();
  }
}

function bodyOf(c: Conversation, part: BodyPartName): string {
  return (part === 'request' ? c.request?.body : c.response?.body) ?? '';
}

function webhookIdOf(c: Conversation, fallback: string | undefined): string {
  return c.webhookId ?? fallback ?? UNKNOWN_WEBHOOK;
}

function cacheKey(webhookId: string, conversationId: string): string {
  return `${webhookId}\n${conversationId}`;
}
