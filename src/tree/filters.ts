import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { normalizeFilter, type DeliveryFilter } from '../core/filter/filter';

/**
 * The filters in force: one for the whole view (set from its title) and one per webhook (its context menu),
 * which takes precedence for that webhook. Setting the view's filter replaces every webhook's own. Kept for
 * the session (a filter is a question of the moment, not a setting).
 */
export class FilterState extends Disposable {
  private viewFilter: DeliveryFilter | undefined;
  private readonly own = new Map<string, DeliveryFilter>();
  private readonly changed = this._register(new vscode.EventEmitter<{ readonly webhookId?: string }>());
  /** {webhookId}: that webhook's own filter changed; {}: the view's (and so possibly every webhook's) */
  readonly onDidChange = this.changed.event;

  get view(): DeliveryFilter | undefined {
    return this.viewFilter;
  }

  ownFilter(webhookId: string): DeliveryFilter | undefined {
    return this.own.get(webhookId);
  }

  /** The filter that applies to a webhook's deliveries. */
  of(webhookId: string): DeliveryFilter | undefined {
    return this.own.get(webhookId) ?? this.viewFilter;
  }

  /** Whether anything is filtered (the view title's Clear Filter icon). */
  get active(): boolean {
    return this.viewFilter !== undefined || this.own.size > 0;
  }

  get ownCount(): number {
    return this.own.size;
  }

  setView(filter: DeliveryFilter | undefined): void {
    this.viewFilter = normalizeFilter(filter);
    this.own.clear();
    this.changed.fire({});
  }

  setOwn(webhookId: string, filter: DeliveryFilter | undefined): void {
    const f = normalizeFilter(filter);
    if (f) this.own.set(webhookId, f);
    else if (!this.own.delete(webhookId)) return;
    this.changed.fire({ webhookId });
  }

  /** Clear Filter from the view title: nothing filtered anywhere. */
  clearAll(): void {
    if (!this.active) return;
    this.viewFilter = undefined;
    this.own.clear();
    this.changed.fire({});
  }

  forget(webhookId: string): void {
    this.own.delete(webhookId);
  }
}
