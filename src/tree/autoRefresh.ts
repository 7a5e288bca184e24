import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../common/lifecycle';
import { clampDelayMs } from '../core/timers';
import { config } from '../config';
import type { WebhooksModel } from './model';

/** Refreshes the tree every N seconds (setting; 0 = off) while the view is visible. */
export class AutoRefresh extends Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly model: WebhooksModel,
    private readonly intervalSeconds: () => number,
    /** the floor under the setting, so a typo cannot hammer the API; lowered only by tests */
    private readonly minSeconds = 15,
  ) {
    super();
    this._register(view.onDidChangeVisibility(() => this.restart()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => config.affects(e, 'autoRefreshSeconds') && this.restart()));
    this._register(toDisposable(() => this.stop()));
    this.restart();
  }

  private restart(): void {
    this.stop();
    const seconds = this.intervalSeconds();
    if (!seconds || seconds <= 0 || !this.view.visible) return;
    // clamped: an interval past setInterval's limit (about 24.8 days) would fire every millisecond instead
    this.timer = setInterval(() => this.model.invalidate(), clampDelayMs(Math.max(this.minSeconds, seconds) * 1000));
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
