import * as l10n from '@vscode/l10n';
/**
 * "Failed since the last look": per webhook, the newest delivery seen (a mark); after a refresh, the failed
 * deliveries newer than it, gathered over every webhook into one alert. Pure: lists come in newest first.
 */
import { conversationOutcome, type Conversation } from '../api/types';
import { deliveryTime } from './filter';
import { formatNumber, plural } from '../../shared/intl';

/** The newest delivery of a webhook already looked at. */
export interface SeenMark {
  readonly id: string;
  /** its send time (ms), when readable: deliveries older than it are not new either */
  readonly at?: number;
}

export interface NewFailures {
  readonly webhookId: string;
  readonly failed: number;
  /** false: the mark was not found in what was fetched, so there may be more ("3+") */
  readonly exact: boolean;
  /** the newest failed one (what Show reveals) */
  readonly newestFailedId: string;
}

export function markOf(newestFirst: readonly Conversation[]): SeenMark | undefined {
  const c = newestFirst[0];
  if (!c) return undefined;
  const at = deliveryTime(c);
  return at === undefined ? { id: c.id } : { id: c.id, at };
}

/**
 * The failed deliveries above the mark in a newest-first list; `reached`: the mark (or an older delivery)
 * was found, or the list is `complete` — else the list may be too short to tell.
 */
export function failuresSince(newestFirst: readonly Conversation[], mark: SeenMark, complete: boolean): { failed: number; newestFailedId?: string; reached: boolean } {
  let failed = 0;
  let newestFailedId: string | undefined;
  for (const c of newestFirst) {
    if (c.id === mark.id) return { failed, newestFailedId, reached: true };
    const at = deliveryTime(c);
    if (at !== undefined && mark.at !== undefined && at < mark.at) return { failed, newestFailedId, reached: true };
    if (conversationOutcome(c) !== 'success') {
      failed++;
      newestFailedId ??= c.id;
    }
  }
  return { failed, newestFailedId, reached: complete };
}

/**
 * One refresh's news: results arrive webhook by webhook (health checks, first pages); the round is complete
 * once every webhook of the list has answered (or failed to). The marks map is the account's and is moved
 * on as results arrive, so nothing is counted twice.
 */
export class FailureRound {
  private readonly found = new Map<string, NewFailures>();
  private readonly answered = new Set<string>();
  private readonly quietOnes = new Set<string>();

  constructor(private readonly marks: Map<string, SeenMark>) {}

  /** The user reloaded this webhook on its own (Trigger, its Refresh): what it shows is seen, not news. */
  quiet(webhookId: string): void {
    this.quietOnes.add(webhookId);
    this.found.delete(webhookId);
  }

  /**
   * What a newest-first list of the webhook says (undefined: it could not be loaded). `canAskMore`: the list
   * is a short probe (a health check of one delivery); when it is too short to tell, nothing is recorded and
   * 'needMore' asks for the first page.
   */
  learn(webhookId: string, newestFirst: readonly Conversation[] | undefined, complete: boolean, canAskMore = false): 'done' | 'needMore' {
    if (!newestFirst) {
      this.answered.add(webhookId);
      return 'done';
    }
    const mark = this.marks.get(webhookId);
    const newest = markOf(newestFirst);
    if (mark && newest) {
      const since = failuresSince(newestFirst, mark, complete);
      if (!since.reached && canAskMore) return 'needMore';
      if (since.failed > 0 && since.newestFailedId && !this.quietOnes.has(webhookId) && !this.found.has(webhookId)) {
        this.found.set(webhookId, { webhookId, failed: since.failed, exact: since.reached, newestFailedId: since.newestFailedId });
      }
    }
    // a webhook never looked at before (or empty) only gets its first mark: its past is not news
    if (newest) this.marks.set(webhookId, newest);
    this.answered.add(webhookId);
    return 'done';
  }

  isComplete(webhookIds: readonly string[]): boolean {
    return webhookIds.every((id) => this.answered.has(id));
  }

  /** The webhooks with new failures, most failures first. */
  news(): NewFailures[] {
    return [...this.found.values()].sort((a, b) => b.failed - a.failed || a.webhookId.localeCompare(b.webhookId));
  }
}

/** The one notification of a refresh: which webhooks, how many each. */
export function failureAlertText(news: readonly NewFailures[], maxNamed = 4, locale?: string): string {
  const total = news.reduce((n, f) => n + f.failed, 0);
  const plus = news.some((f) => !f.exact) ? '+' : '';
  const count = `${formatNumber(total, locale)}${plus}`;
  // "1+ deliveries": at least one, maybe more, reads as plural
  const deliveries = plural(plus ? Infinity : total, l10n.t('one={0} delivery|other={0} deliveries', count), locale);
  if (news.length === 1) return l10n.t('{0} to {1} failed since the last refresh.', deliveries, news[0].webhookId);
  const named = news.slice(0, maxNamed).map((f) => `${f.webhookId} (${f.failed}${f.exact ? '' : '+'})`);
  const rest = news.length - named.length;
  return l10n.t('{0} failed since the last refresh: {1}{2}.', deliveries, named.join(', '), rest > 0 ? plural(rest, l10n.t('one= and {0} more webhook|other= and {0} more webhooks', formatNumber(rest, locale)), locale) : '');
}
