import * as vscode from 'vscode';
import { ContextKeys, StateKeys } from '../constants';
import { Disposable } from '../common/lifecycle';
import { accountsFromStored, activeAccount, toStored, type Account, type AccountsState } from '../core/accounts/accounts';

/**
 * The accounts (names, API roots, where each key is — nothing secret) in globalState, and which one is
 * active. Every change is written at once; switching fires onDidSwitch so that everything built for the
 * previous account (the model, cached secrets, panels) is dropped.
 */
export class AccountList extends Disposable {
  private state: AccountsState;
  private readonly switched = this._register(new vscode.EventEmitter<Account>());
  /** another account is active now: nothing fetched for the previous one may be shown any more */
  readonly onDidSwitch = this.switched.event;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** an account was added, removed or changed (the active one included) */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
    this.state = accountsFromStored(memento.get(StateKeys.accounts));
  }

  get all(): readonly Account[] {
    return this.state.accounts;
  }

  get active(): Account {
    return activeAccount(this.state);
  }

  get snapshot(): AccountsState {
    return this.state;
  }

  /**
   * Applies a change (src/core/accounts/accountEdits.ts: add, remove, switch…); a change that throws (a name
   * taken) changes nothing.
   */
  async update(change: (state: AccountsState) => AccountsState): Promise<void> {
    await this.apply(change(this.state));
  }

  /** Keeps the context keys that show Remove Account in step. */
  async refreshContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.hasOtherAccounts, this.state.accounts.length > 1);
  }

  private async apply(next: AccountsState): Promise<void> {
    if (next === this.state) return;
    const before = this.active;
    // written first: a failed write leaves everything as it was
    await this.memento.update(StateKeys.accounts, toStored(next));
    this.state = next;
    const after = this.active;
    // changed first: the key store and the model drop what they hold before the panels ask again
    this.changed.fire();
    if (after.id !== before.id) this.switched.fire(after);
    await this.refreshContext();
  }
}
