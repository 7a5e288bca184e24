import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { config } from '../config';
import { Commands, TreeStateKeys } from '../constants';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { failureAlertText, FailureRound, markOf, type NewFailures, type SeenMark } from '../core/filter/failures';
import type { NewestDeliveries, WebhooksModel } from './model';

/** What Show hands to the showFailures command: the webhooks to filter to Failed, and what to reveal. */
export interface FailuresToShow {
  readonly webhookId: string;
  readonly conversationId: string;
}

/** globalState: account fingerprint → webhook id → the newest delivery already looked at. */
type SeenByAccount = Record<string, Record<string, SeenMark>>;

interface Round {
  readonly round: FailureRound;
  readonly account: string;
  readonly marks: Map<string, SeenMark>;
  /** the notification of this round was decided: later news about it is what the user is looking at */
  told: boolean;
}

/**
 * After each refresh (Refresh, auto-refresh, another key or API), one notification at most: the webhooks whose
 * deliveries failed since the last look, and how many, with Show. The marks are kept in globalState per
 * account (API root + a fingerprint of the key, never the key) so failures while VS Code was closed are told
 * at the next start; a webhook reloaded on its own (Trigger, its Refresh) counts as looked at.
 */
export class FailureAlerts extends Disposable {
  private current: Promise<Round | undefined>;
  private saveTimer: NodeJS.Timeout | undefined;
  private unsaved: Round | undefined;

  constructor(
    private readonly model: WebhooksModel,
    private readonly state: vscode.Memento,
    private readonly account: () => Promise<string | undefined>,
    private readonly log: Logger,
  ) {
    super();
    this.current = this.newRound(Promise.resolve(undefined));
    this._register(model.onDidInvalidate((e) => (e.webhookId ? this.quiet(e.webhookId) : this.start())));
    this._register(model.onDidLearnNewest((n) => this.learn(n)));
    this._register(toDisposable(() => this.save()));
  }

  private start(): void {
    this.current = this.newRound(this.current);
  }

  /** A round begins once the previous one is told (a refresh that came before it completed tells it now). */
  private newRound(previous: Promise<Round | undefined>): Promise<Round | undefined> {
    return previous
      .then((p) => p && !p.told && this.tell(p))
      .then(() => this.account())
      .then((account) => {
        if (!account) return undefined;
        const marks = new Map(Object.entries(this.state.get<SeenByAccount>(TreeStateKeys.seenDeliveries)?.[account] ?? {}));
        return { round: new FailureRound(marks), account, marks, told: false };
      })
      .catch((err: unknown) => {
        this.log.error('Could not start looking for failed deliveries', err);
        return undefined;
      });
  }

  private quiet(webhookId: string): void {
    this.current.then((r) => r?.round.quiet(webhookId), () => undefined);
  }

  private learn(n: NewestDeliveries): void {
    this.current
      .then((r) => {
        if (!r) return;
        if (r.told) {
          // after the round: a webhook the user opens or reloads is seen
          const mark = n.items && markOf(n.items);
          if (mark) r.marks.set(n.webhookId, mark);
        } else if (r.round.learn(n.webhookId, n.items, n.complete, n.probe) === 'needMore') {
          // the newest delivery is new: its first page says how many failed (and it is ready to expand)
          void this.model.loadConversations(n.webhookId);
          return;
        }
        this.saveSoon(r);
        const list = this.model.webhooksState();
        if (!r.told && list?.state === 'loaded' && r.round.isComplete(list.value.map((w) => w.id))) this.tell(r);
      })
      .catch((err: unknown) => this.log.error(`Could not check webhook ${n.webhookId} for failed deliveries`, err));
  }

  private tell(r: Round): void {
    r.told = true;
    const news = r.round.news();
    const list = this.model.webhooksState();
    if (list?.state === 'loaded') {
      const ids = new Set(list.value.map((w) => w.id));
      for (const id of [...r.marks.keys()]) if (!ids.has(id)) r.marks.delete(id); // deleted webhooks
    }
    this.saveSoon(r);
    if (!news.length) return;
    const text = failureAlertText(news, undefined, vscode.env.language);
    this.log.info(text);
    if (!config.notifyOnFailures) return;
    void vscode.window.showWarningMessage(text, vscode.l10n.t('Show')).then(
      (choice) => (choice === vscode.l10n.t('Show') ? vscode.commands.executeCommand(Commands.showFailures, toShow(news)) : undefined),
      (err: unknown) => this.log.error('The failed-deliveries notification failed', err),
    );
  }

  /** Marks move on with every answer; they are written at most once a second. */
  private saveSoon(r: Round): void {
    this.unsaved = r;
    this.saveTimer ??= setTimeout(() => this.save(), 1000);
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const r = this.unsaved;
    this.unsaved = undefined;
    if (!r) return;
    const all = { ...(this.state.get<SeenByAccount>(TreeStateKeys.seenDeliveries) ?? {}), [r.account]: Object.fromEntries(r.marks) };
    this.state.update(TreeStateKeys.seenDeliveries, all).then(undefined, (err: unknown) => this.log.error('Could not remember the deliveries seen', err));
  }
}

function toShow(news: readonly NewFailures[]): FailuresToShow[] {
  return news.map((n) => ({ webhookId: n.webhookId, conversationId: n.newestFailedId }));
}

/** Which account the marks belong to: the API root and a fingerprint of the key (not the key; not reversible). */
export function accountFingerprint(apiUrl: string, key: string): string {
  return createHash('sha256').update(`${apiUrl}\n${key}`).digest('hex').slice(0, 16);
}
