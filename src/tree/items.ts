import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { Webhook } from '../core/api';
import { conversationOutcome, conversationStatusLabel } from '../core/api/types';
import { conversationAge, conversationRowLabel, formatLatency, latencyMs, sentAtOf } from '../core/inspector/format';
import type { ConversationNode, Health, MessageNode, PageNode } from './nodes';
import { hostOf } from '../shared/text';

const HEALTH_LOOK: Record<Health, { icon: string; color?: string; text: string }> = {
  ok: { icon: 'pass', color: 'testing.iconPassed', text: vscode.l10n.t('last delivery succeeded') },
  failing: { icon: 'error', color: 'testing.iconFailed', text: vscode.l10n.t('failing') },
  none: { icon: 'circle-large-outline', text: vscode.l10n.t('no deliveries yet') },
  unknown: { icon: 'loading~spin', text: vscode.l10n.t('checking…') },
};


/** The filter on a webhook's deliveries as its row shows it: its own filter's words, and the matches when known. */
export interface WebhookFilterLook {
  /** the webhook's own filter in words; undefined when the view's filter applies */
  readonly ownWords?: string;
  /** matches among the deliveries fetched; `exact`: that is all of them */
  readonly matches?: { readonly count: number; readonly exact: boolean };
}

/** label = id exactly (ui-contract); host, health and the filter's matches in the description, icon and tooltip. */
export function webhookItem(webhook: Webhook, health: Health, filter?: WebhookFilterLook): vscode.TreeItem {
  const look = HEALTH_LOOK[health];
  const item = new vscode.TreeItem(webhook.id, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `webhook:${webhook.id}`;
  const unknownTypes = webhook.eventTypes.filter((t) => t !== 'run.status');
  const healthWord = health === 'failing' ? vscode.l10n.t(' · failing') : health === 'none' ? vscode.l10n.t(' · no deliveries') : '';
  const matches = filter?.matches ? vscode.l10n.t('{0}{1} match', filter.matches.count, filter.matches.exact ? '' : '+') : '';
  const filterWords = filter?.ownWords ? ` · ${filter.ownWords}${matches ? `: ${matches}` : ''}` : matches ? ` · ${matches}` : '';
  item.description = `${hostOf(webhook.endpointUrl)}${healthWord}${webhook.eventTypes.length === 0 ? vscode.l10n.t(' · no events') : ''}${filterWords}`;
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  const flags = ['webhook', health, webhook.eventTypes.length === 0 ? 'disabled' : '', unknownTypes.length ? 'unknownEvents' : '', filter?.ownWords ? 'filtered' : ''].filter(Boolean);
  item.contextValue = flags.join(';');
  item.accessibilityInformation = { label: vscode.l10n.t('Webhook {0}, {1}, {2}{3}', webhook.id, hostOf(webhook.endpointUrl), look.text, filterWords.replace(/ · /g, ', ')) };
  return item;
}

/** Every field, built only when the row is hovered (resolveTreeItem): 10,000 rows cost no tooltips. */
export function webhookTooltip(webhook: Webhook, health: Health): vscode.MarkdownString {
  const look = HEALTH_LOOK[health];
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.appendMarkdown(`**${escapeMd(webhook.id)}** — $(${look.icon.replace('~spin', '')}) ${look.text}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  md.appendMarkdown(vscode.l10n.t('| Endpoint | {0} |\n', escapeMd(webhook.endpointUrl)));
  md.appendMarkdown(vscode.l10n.t('| Events | {0} |\n', escapeMd(webhook.eventTypes.join(', ') || vscode.l10n.t('(none: receives nothing)'))));
  if (webhook.description) md.appendMarkdown(vscode.l10n.t('| Description | {0} |\n', escapeMd(webhook.description)));
  if (webhook.createdAt) md.appendMarkdown(vscode.l10n.t('| Created | {0} |\n', escapeMd(webhook.createdAt)));
  if (webhook.updatedAt) md.appendMarkdown(vscode.l10n.t('| Updated | {0} |\n', escapeMd(webhook.updatedAt)));
  const known = new Set(['id', 'event_types', 'endpoint_url', 'description', 'created_at', 'updated_at']);
  for (const [k, v] of Object.entries(webhook.raw)) {
    if (!known.has(k)) md.appendMarkdown(`| ${escapeMd(k)} | ${escapeMd(typeof v === 'string' ? v : JSON.stringify(v))} |\n`);
  }
  return md;
}

const OUTCOME_LOOK = {
  success: { icon: 'pass', color: 'testing.iconPassed', words: vscode.l10n.t('delivered') },
  clientError: { icon: 'warning', color: 'list.warningForeground', words: vscode.l10n.t('rejected by the endpoint') },
  serverError: { icon: 'error', color: 'testing.iconFailed', words: vscode.l10n.t('endpoint error') },
  timeout: { icon: 'watch', color: 'testing.iconFailed', words: vscode.l10n.t('timed out') },
  error: { icon: 'debug-disconnect', color: 'testing.iconFailed', words: vscode.l10n.t('endpoint unreachable') },
} as const;

/** `200 · run.status · 2 min ago` (status word first, ui-contract), latency in the description. */
export function conversationItem(node: ConversationNode, now = Date.now()): vscode.TreeItem {
  const c = node.conversation;
  const outcome = conversationOutcome(c);
  const look = OUTCOME_LOOK[outcome];
  const when = conversationAge(c, now, vscode.env.language);
  const item = new vscode.TreeItem(conversationRowLabel(c, now, vscode.env.language), vscode.TreeItemCollapsibleState.None);
  item.id = `conversation:${node.webhookId}/${c.id}`;
  const ms = latencyMs(c);
  const latency = ms === undefined ? undefined : formatLatency(ms, vscode.env.language);
  item.description = latency;
  item.iconPath = new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
  // `request`: there is a recorded request to Send Again or Edit and Send
  item.contextValue = `conversation;${outcome}${c.request ? ';request' : ''}`;
  item.accessibilityInformation = { label: `${conversationStatusLabel(c)}, ${look.words}, ${c.eventType ?? ''}, ${when}${latency ? `, ${latency}` : ''}` };
  item.command = { command: Commands.openConversation, title: vscode.l10n.t('Open Conversation'), arguments: [node] };
  return item;
}

export function conversationTooltip(node: ConversationNode): vscode.MarkdownString {
  const c = node.conversation;
  const look = OUTCOME_LOOK[conversationOutcome(c)];
  const ms = latencyMs(c);
  const latency = ms === undefined ? undefined : formatLatency(ms, vscode.env.language);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(conversationStatusLabel(c))}** — ${look.words}\n\n`);
  md.appendMarkdown(`| | |\n|---|---|\n`);
  md.appendMarkdown(vscode.l10n.t('| URL | {0} |\n', escapeMd(c.request?.url ?? vscode.l10n.t('(unknown)'))));
  md.appendMarkdown(vscode.l10n.t('| Event | {0} |\n', escapeMd(c.eventType ?? vscode.l10n.t('(unknown)'))));
  md.appendMarkdown(vscode.l10n.t('| Sent | {0} |\n', escapeMd(sentAtOf(c) ?? vscode.l10n.t('(unknown)'))));
  if (latency) md.appendMarkdown(vscode.l10n.t('| Latency | {0} |\n', latency));
  if (c.error) md.appendMarkdown(vscode.l10n.t('| Error | {0} |\n', escapeMd(c.error)));
  md.appendMarkdown(vscode.l10n.t('| Conversation | {0} |\n', escapeMd(c.id)));
  return md;
}

/** "Older deliveries" / "Newer deliveries": the page they lead to replaces the one on screen. */
export function pageItem(node: PageNode): vscode.TreeItem {
  const older = node.direction === 'older';
  const what = node.filtered ? vscode.l10n.t('matches') : vscode.l10n.t('deliveries');
  const label = older && node.stopped ? vscode.l10n.t('Search on for older {0}', what) : older ? vscode.l10n.t('Older {0}', what) : vscode.l10n.t('Newer {0}', what);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  // the same id page after page: VS Code keeps the row's focus, so Enter again turns the next page
  item.id = `page:${node.webhookId}:${node.direction}`;
  item.iconPath = new vscode.ThemeIcon(older ? 'arrow-down' : 'arrow-up');
  const range = node.range.to !== undefined ? `${node.range.from}–${node.range.to}` : vscode.l10n.t('from {0}', node.range.from);
  item.description = older && node.stopped ? vscode.l10n.t('the search was stopped') : range;
  item.contextValue = 'page';
  item.accessibilityInformation = { label: `${label}, ${older && node.stopped ? vscode.l10n.t('the search was stopped') : node.range.to !== undefined ? vscode.l10n.t('{0} {1} to {2}', what, node.range.from, node.range.to) : `${what} ${range}`}` };
  item.command = { command: Commands.loadMore, title: label, arguments: [node] };
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.id}`;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
  item.contextValue = node.retry ? 'loadError' : 'message';
  if (node.command && !node.retry) item.command = { ...node.command, arguments: node.command.arguments ? [...node.command.arguments] : undefined };
  return item;
}

/** Data from the API goes into Markdown tooltips as text, never as markup or links. */
function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&').replace(/\r?\n/g, ' ');
}
