/**
 * The actions of a delivery row (its context menu and inline icons; the palette picks a delivery): Copy as
 * cURL, Compare With…, Open Request Body and Open Response Body. Validate Delivery and Open Conversation are
 * the panels' own (src/panels/index.ts); Send Again… and Edit and Send… are in handlerLoop.ts.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Panels } from '../panels/types';
import type { BodyPartName } from '../core/inspector/bodyDocument';
import { buildCurlCommand } from '../core/inspector/curl';
import { bothHave, comparePairOf, compareGroups, curlCopiedMessage, type CompareChoice, type DeliveryRef } from '../core/inspector/deliveryActions';
import { partToCompare } from '../core/inspector/localAttempts';
import { userMessageOf } from '../core/userMessage';
import { isConversationNode, type ConversationNode } from '../tree/nodes';
import { isOwnDeliveryRow, resolveDelivery, type DeliveryNeed } from './delivery';

/** What these actions use of the panels: the body documents and the cached signing secrets. */
export type DeliveryPanels = Pick<Panels, 'inspector' | 'secretOf'>;

const WITH_RESPONSE: DeliveryNeed = { has: (c) => !!c.response, what: vscode.l10n.t('response') };

/**
 * The request as a curl command on the clipboard, re-signed with a fresh Nextmv-Signature when the webhook's
 * secret can be fetched (a replay then passes the handler's freshness check), else with the recorded one —
 * the message says which. The secret itself is only used to sign: never copied, shown or logged.
 */
export async function copyAsCurl(s: Services, panels: DeliveryPanels, arg: unknown): Promise<string | undefined> {
  const d = await resolveDelivery(s, arg, vscode.l10n.t('copy as cURL'));
  if (!d?.conversation.request) return undefined;
  let secret: string | undefined;
  let notResignedBecause: string | undefined;
  try {
    secret = await panels.secretOf(d.webhookId);
  } catch (err) {
    s.log.warn(`Copy as cURL: the signing secret of ${d.webhookId} could not be fetched (${userMessageOf(err)}); the recorded signature is kept.`);
    notResignedBecause = vscode.l10n.t('the signing secret of {0} could not be fetched ({1}).', d.webhookId, userMessageOf(err));
  }
  const curl = buildCurlCommand(d.conversation.request, secret ? { resign: { secret, nowMs: Date.now() } } : {});
  await vscode.env.clipboard.writeText(curl.command);
  const message = curlCopiedMessage(curl, notResignedBecause);
  if (notResignedBecause) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return message;
}

export function openRequestBody(s: Services, panels: DeliveryPanels, arg: unknown): Promise<void> {
  return openBody(s, panels, arg, 'request');
}

export function openResponseBody(s: Services, panels: DeliveryPanels, arg: unknown): Promise<void> {
  return openBody(s, panels, arg, 'response');
}

async function openBody(s: Services, panels: DeliveryPanels, arg: unknown, part: BodyPartName): Promise<void> {
  const d = await resolveDelivery(s, arg, part === 'request' ? vscode.l10n.t('open the request body of') : vscode.l10n.t('open the response body of'), part === 'request' ? undefined : WITH_RESPONSE);
  if (d) await panels.inspector.bodies.open(d.conversation, part, d.webhookId);
}

/**
 * Compare With…: two delivery rows selected → their diff at once; else the clicked delivery (or one picked)
 * and another picked among the loaded deliveries of every webhook. The request bodies are diffed — the
 * responses when both sent the same request —, and the notification offers the other part.
 */
export async function compareDeliveries(s: Services, panels: DeliveryPanels, arg: unknown, selection?: unknown): Promise<readonly [DeliveryRef, DeliveryRef] | undefined> {
  const pair = comparePairOf(arg, Array.isArray(selection) ? (selection as unknown[]) : undefined, isConversationNode);
  let a: DeliveryRef | undefined;
  let b: DeliveryRef | undefined;
  // both rows must be our own tree's (a look-alike is not compared)
  const own = pair?.filter((row): row is ConversationNode => isOwnDeliveryRow(s, row)) ?? [];
  if (own.length === 2) {
    [a, b] = own.map((row) => ({ conversation: row.conversation, webhookId: row.webhookId }));
  } else {
    a = await resolveDelivery(s, arg, vscode.l10n.t('compare'));
    b = a && (await pickOther(s, a));
  }
  if (!a || !b) return undefined;
  const part = partToCompare(a.conversation, b.conversation);
  await compareParts(panels, a, b, part);
  offerOtherPart(s, panels, a, b, part);
  return [a, b];
}

/** Another delivery: the loaded ones of every webhook, labelled like their rows, under their webhook's id. */
async function pickOther(s: Services, current: DeliveryRef): Promise<DeliveryRef | undefined> {
  const webhooks = s.model.webhooksState();
  const ids = webhooks?.state === 'loaded' ? webhooks.value.map((w) => w.id) : [current.webhookId];
  const lists = ids.flatMap((webhookId) => {
    const state = s.model.conversationsState(webhookId);
    return state?.state === 'loaded' ? [{ webhookId, items: state.value.items.filter((c) => c.request) }] : [];
  });
  const groups = compareGroups(current, lists, Date.now(), vscode.env.language);
  if (!groups.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No other delivery is loaded to compare with: expand a webhook to load its deliveries.'));
    return undefined;
  }
  type Item = vscode.QuickPickItem & { choice?: CompareChoice };
  const items: Item[] = groups.flatMap((g) => [
    { label: g.webhookId, kind: vscode.QuickPickItemKind.Separator } as Item,
    ...g.choices.map((choice) => ({ label: choice.label, description: choice.description, choice })),
  ]);
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Compare {0} with…', current.conversation.id), placeHolder: vscode.l10n.t('A delivery (type to filter by status, event, time or id)'), matchOnDescription: true });
  return picked?.choice;
}

/** "Comparing the request bodies…" with a button for the other part, when both deliveries have it. */
function offerOtherPart(s: Services, panels: DeliveryPanels, a: DeliveryRef, b: DeliveryRef, part: BodyPartName): void {
  const other: BodyPartName = part === 'request' ? 'response' : 'request';
  const button = other === 'response' ? vscode.l10n.t('Compare Response Bodies') : vscode.l10n.t('Compare Request Bodies');
  const offered = bothHave(a.conversation, b.conversation, other) ? [button] : [];
  const message = part === 'response'
    ? vscode.l10n.t('Comparing the response bodies of {0} and {1} (both sent the same request body).', a.conversation.id, b.conversation.id)
    : vscode.l10n.t('Comparing the request bodies of {0} and {1}.', a.conversation.id, b.conversation.id);
  Promise.resolve(vscode.window.showInformationMessage(message, ...offered))
    .then((choice) => (choice === button ? compareParts(panels, a, b, other) : undefined))
    .catch((err: unknown) => {
      s.log.error('Compare With…: could not open the diff', err);
      void vscode.window.showErrorMessage(userMessageOf(err));
    });
}

function compareParts(panels: DeliveryPanels, a: DeliveryRef, b: DeliveryRef, part: BodyPartName): Promise<void> {
  return panels.inspector.bodies.compareBodies(a.conversation, b.conversation, part, a.webhookId, b.webhookId);
}
