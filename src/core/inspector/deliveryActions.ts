/**
 * The pure parts of the actions on a delivery (a tree row's context menu, the inspector's buttons): which two
 * deliveries a multi-selection compares, what Compare With… offers, the diff editor's order and title, what
 * Copy as cURL says it did, and the text the validator is prefilled with.
 */
import * as l10n from '@vscode/l10n';
import type { Conversation } from '../api/types';
import type { BodyPartName } from './bodyDocument';
import type { CurlCommand } from './curl';
import { conversationRowLabel, parseInstant, sentAtOf } from './format';

/** A delivery and the webhook it belongs to (a conversation object need not name it). */
export interface DeliveryRef {
  readonly webhookId: string;
  readonly conversation: Conversation;
}

/**
 * The two deliveries to compare straight away: exactly two rows selected, both deliveries, and the clicked row
 * one of them (VS Code passes the clicked row and the whole selection). Anything else: undefined (ask).
 */
export function comparePairOf<T>(clicked: T, selection: readonly T[] | undefined, isDelivery: (row: T) => boolean): readonly [T, T] | undefined {
  if (!selection || selection.length !== 2 || !selection.every(isDelivery) || selection[0] === selection[1]) return undefined;
  return selection.includes(clicked) ? [selection[0], selection[1]] : undefined;
}

/** One entry of Compare With…: labelled like its tree row, grouped under its webhook. */
export interface CompareChoice extends DeliveryRef {
  readonly label: string;
  /** the conversation id (rows share labels: `200 · run.status · 2 min ago`) */
  readonly description: string;
}

export interface CompareGroup {
  readonly webhookId: string;
  readonly choices: readonly CompareChoice[];
}

/**
 * The loaded deliveries to compare `current` with, by webhook: its own webhook first, then the others in the
 * order given; `current` itself and webhooks left with nothing are left out.
 */
export function compareGroups(current: DeliveryRef, lists: readonly { readonly webhookId: string; readonly items: readonly Conversation[] }[], nowMs: number, locale?: string): CompareGroup[] {
  const ordered = [...lists.filter((l) => l.webhookId === current.webhookId), ...lists.filter((l) => l.webhookId !== current.webhookId)];
  return ordered
    .map((l) => ({
      webhookId: l.webhookId,
      choices: l.items
        .filter((c) => !(l.webhookId === current.webhookId && c.id === current.conversation.id))
        .map((c) => ({ webhookId: l.webhookId, conversation: c, label: conversationRowLabel(c, nowMs, locale), description: c.id })),
    }))
    .filter((g) => g.choices.length > 0);
}

/** The diff editor's sides: the older delivery on the left (as a diff reads: before → after); ties keep the order given. */
export function diffSides<T extends DeliveryRef>(a: T, b: T): readonly [T, T] {
  const x = parseInstant(sentAtOf(a.conversation));
  const y = parseInstant(sentAtOf(b.conversation));
  return x !== undefined && y !== undefined && y < x ? [b, a] : [a, b];
}

/** `conv-a ↔ conv-b (request bodies)`; a delivery of another webhook is named with it (`billing/conv-b`). */
export function diffTitle(left: DeliveryRef, right: DeliveryRef, part: BodyPartName): string {
  const name = (d: DeliveryRef) => (left.webhookId === right.webhookId ? d.conversation.id : `${d.webhookId}/${d.conversation.id}`);
  return part === 'request' ? l10n.t('{0} ↔ {1} (request bodies)', name(left), name(right)) : l10n.t('{0} ↔ {1} (response bodies)', name(left), name(right));
}

/** Whether both deliveries have the part to compare (a delivery that timed out has no response). */
export function bothHave(a: Conversation, b: Conversation, part: BodyPartName): boolean {
  return part === 'request' ? !!a.request && !!b.request : !!a.response && !!b.response;
}

/**
 * What Copy as cURL tells the user it did: re-signed (and with which t), or kept the recorded signature and
 * why — a replay of an old signature fails a handler's freshness check. The secret is never part of it.
 */
export function curlCopiedMessage(curl: Pick<CurlCommand, 'signature' | 'warnings'>, notResignedBecause?: string): string {
  const what = curl.signature
    ? l10n.t("Copied a cURL command with a fresh Nextmv-Signature ({0}), so a replay passes a handler's freshness check.", curl.signature.split(',')[0])
    : notResignedBecause
      ? l10n.t('Copied a cURL command with the recorded Nextmv-Signature: {0} A handler that checks freshness rejects its replay.', notResignedBecause)
      : l10n.t('Copied a cURL command.');
  return [what, ...curl.warnings].join(' ');
}

/** What Validate puts into the validator's Delivery field: the conversation as the API sent it (its parser reads that). */
export function validatorPrefillText(c: Conversation): string {
  return JSON.stringify(c.raw, null, 2);
}
