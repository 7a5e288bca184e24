import * as vscode from 'vscode';
import type { Services } from '../services';
import type { Prompter, PickItem } from '../common/prompter';
import type { ConversationOutcome } from '../core/api/types';
import { FAILED_OUTCOMES, localMinute, normalizeFilter, parseSince, windowStart, type DeliveryFilter, type TimeWindow } from '../core/filter/filter';
import { isWebhookNode } from '../tree/nodes';
import { resolveWebhook, reveal } from './webhook';

/** The quick pick's choices (ui-contract: it offers "Failed" among the outcomes). */
const OUTCOME_CHOICES: readonly { label: string; description: string; outcomes: readonly ConversationOutcome[] }[] = [
  { label: vscode.l10n.t('Failed'), description: vscode.l10n.t('4xx, 5xx, unreachable or timed out'), outcomes: FAILED_OUTCOMES },
  { label: vscode.l10n.t('Client errors (4xx)'), description: vscode.l10n.t('the endpoint rejected the delivery'), outcomes: ['clientError'] },
  { label: vscode.l10n.t('Server errors (5xx)'), description: vscode.l10n.t('the endpoint failed'), outcomes: ['serverError'] },
  { label: vscode.l10n.t('Unreachable or timed out'), description: vscode.l10n.t('no answer'), outcomes: ['error', 'timeout'] },
  { label: vscode.l10n.t('Succeeded'), description: '2xx', outcomes: ['success'] },
];
const TIME_CHOICES: readonly { label: string; time: TimeWindow }[] = [
  { label: vscode.l10n.t('Last hour'), time: { kind: 'hour' } },
  { label: vscode.l10n.t('Last day'), time: { kind: 'day' } },
  { label: vscode.l10n.t('Last week'), time: { kind: 'week' } },
];
const SINCE = vscode.l10n.t('Since…');
const TEXT = vscode.l10n.t('Text…');

/**
 * The filter as the user sets it: one quick pick (outcomes, time, text — the current filter preselected),
 * then the date for Since… and the text for Text…, each with Back. Undefined when cancelled; a filter with
 * nothing chosen (or an empty text) is no filter.
 */
export async function askFilter(prompter: Prompter, current: DeliveryFilter | undefined, title: string, nowMs = Date.now()): Promise<DeliveryFilter | { none: true } | undefined> {
  let picked = preselected(current);
  for (;;) {
    const wantsSince = () => picked.includes(SINCE);
    const wantsText = () => picked.includes(TEXT);
    const total = () => 1 + (wantsSince() ? 1 : 0) + (wantsText() ? 1 : 0);
    const pick = await prompter.pick({ title, step: 1, totalSteps: total(), canPickMany: true, placeholder: vscode.l10n.t('Show only the deliveries that are… (Enter applies)'), items: choices(current, picked) });
    if (pick.kind !== 'value') return undefined;
    picked = pick.value;
    let since: number | undefined;
    let text: string | undefined;
    let step = 2;
    if (wantsSince()) {
      const r = await prompter.input({
        title, step: step++, totalSteps: total(), prompt: vscode.l10n.t('Deliveries sent since (local time)'), placeholder: '2026-05-01 or 2026-05-01 14:30',
        value: current?.time?.kind === 'since' ? localMinute(current.time.sinceMs) : '',
        validate: (v) => (parseSince(v) === undefined ? { severity: 'error', message: vscode.l10n.t('Type a date such as 2026-05-01, a date and time such as 2026-05-01 14:30, or an RFC 3339 time.') } : undefined),
      });
      if (r.kind === 'cancel') return undefined;
      if (r.kind === 'back') continue;
      since = parseSince(r.value);
    }
    if (wantsText()) {
      const r = await prompter.input({
        title, step: step++, totalSteps: total(), prompt: vscode.l10n.t('Text to find: a run id, an application id, anything in the request or response body (any case)'), placeholder: vscode.l10n.t('run id, application id, body text'),
        value: current?.text ?? '', validate: () => undefined,
      });
      if (r.kind === 'cancel') return undefined;
      if (r.kind === 'back') continue;
      text = r.value;
    }
    return normalizeFilter(filterOf(picked, since, text, nowMs)) ?? { none: true };
  }
}

function preselected(f: DeliveryFilter | undefined): string[] {
  if (!f) return [];
  const out = new Set(f.outcomes ?? []);
  const labels: string[] = [];
  // "Failed" stands for its kinds (4xx, 5xx, unreachable or timed out): they are not ticked as well
  const failed = FAILED_OUTCOMES.every((o) => out.has(o));
  for (const c of OUTCOME_CHOICES) {
    const covered = c.label !== vscode.l10n.t('Failed') && c.label !== vscode.l10n.t('Succeeded') && failed;
    if (!covered && c.outcomes.every((o) => out.has(o))) labels.push(c.label);
  }
  if (f.time) labels.push(f.time.kind === 'since' ? SINCE : TIME_CHOICES.find((t) => t.time.kind === f.time!.kind)!.label);
  if (f.text) labels.push(TEXT);
  return labels;
}

function choices(current: DeliveryFilter | undefined, picked: readonly string[]): PickItem[] {
  const item = (label: string, description?: string): PickItem => ({ label, description, picked: picked.includes(label) });
  return [
    { label: vscode.l10n.t('Outcome'), separator: true },
    ...OUTCOME_CHOICES.map((c) => item(c.label, c.description)),
    { label: vscode.l10n.t('Time'), separator: true },
    ...TIME_CHOICES.map((c) => item(c.label)),
    item(SINCE, current?.time?.kind === 'since' ? localMinute(current.time.sinceMs) : vscode.l10n.t('a date you type')),
    { label: vscode.l10n.t('Text'), separator: true },
    item(TEXT, current?.text ? `“${current.text}”` : vscode.l10n.t('run id, application id, anything in the bodies')),
  ];
}

function filterOf(picked: readonly string[], since: number | undefined, text: string | undefined, nowMs: number): DeliveryFilter {
  const outcomes = OUTCOME_CHOICES.filter((c) => picked.includes(c.label)).flatMap((c) => c.outcomes);
  // several times picked: the narrowest wins (the latest start)
  const times = [...TIME_CHOICES.filter((c) => picked.includes(c.label)).map((c) => c.time), ...(since !== undefined ? [{ kind: 'since', sinceMs: since } as const] : [])];
  const time = times.sort((a, b) => windowStart(b, nowMs) - windowStart(a, nowMs))[0];
  return { outcomes, ...(time ? { time } : {}), ...(text ? { text } : {}) };
}

/** Filter Deliveries… from the view title or the palette: every webhook's deliveries. */
export async function filterDeliveries(s: Services): Promise<DeliveryFilter | undefined> {
  const answer = await askFilter(s.prompter, s.model.filters.view, vscode.l10n.t('Filter Deliveries of All Webhooks'));
  if (!answer) return undefined;
  const filter = 'none' in answer ? undefined : answer;
  s.model.filters.setView(filter);
  return filter;
}

/** Filter Deliveries… from a webhook's context menu: that webhook's deliveries; its row opens to show them. */
export async function filterWebhook(s: Services, arg: unknown): Promise<DeliveryFilter | undefined> {
  const webhook = await resolveWebhook(s, arg, vscode.l10n.t('Filter the deliveries of which webhook?'));
  if (!webhook) return undefined;
  const answer = await askFilter(s.prompter, s.model.filters.of(webhook.id), vscode.l10n.t('Filter Deliveries of {0}', webhook.id));
  if (!answer) return undefined;
  const filter = 'none' in answer ? undefined : answer;
  s.model.filters.setOwn(webhook.id, filter);
  await expand(s, webhook.id);
  return filter;
}

/** Clear Filter on a webhook row: its own filter goes (the view's, if any, applies again). */
export function clearWebhookFilter(s: Services, arg: unknown): void {
  const id = isWebhookNode(arg) ? arg.webhook.id : typeof arg === 'string' ? arg : undefined;
  if (id) s.model.filters.setOwn(id, undefined);
  else s.model.filters.clearAll();
}

/** Show, on the failed-deliveries notification: each webhook filtered to Failed, its newest failure revealed. */
export async function showFailures(s: Services, arg: unknown): Promise<void> {
  const targets = Array.isArray(arg) ? arg.filter(isTarget) : [];
  for (const t of targets) s.model.filters.setOwn(t.webhookId, { outcomes: FAILED_OUTCOMES });
  // the first one last, so that it ends up selected
  for (const t of [...targets].reverse()) await reveal(s, t.webhookId, t.conversationId);
}

function isTarget(v: unknown): v is { webhookId: string; conversationId: string } {
  const t = v as { webhookId?: unknown; conversationId?: unknown } | null;
  return typeof t === 'object' && t !== null && typeof t.webhookId === 'string' && typeof t.conversationId === 'string';
}

async function expand(s: Services, webhookId: string): Promise<void> {
  const node = s.tree.webhookNode(webhookId);
  try {
    if (node) await s.treeView.reveal(node, { expand: true, select: true, focus: false });
  } catch (err) {
    s.log.warn(`Could not show webhook ${webhookId}: ${String(err)}`);
  }
}
