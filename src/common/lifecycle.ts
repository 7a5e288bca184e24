import type * as vscode from 'vscode';

/** A disposable from a function (a timer to clear, a cache to drop). */
export function toDisposable(dispose: () => void): vscode.Disposable {
  return { dispose };
}

/**
 * Disposables kept together and disposed together, last added first (what was built on top goes first).
 * One failing dispose does not keep the others alive.
 */
export class DisposableStore implements vscode.Disposable {
  private readonly items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.items.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.items.length) {
      try {
        this.items.pop()?.dispose();
      } catch {
        // one failing dispose must not keep the others alive
      }
    }
  }
}

/** Base for long-lived objects: whatever they register is disposed with them. */
export abstract class Disposable implements vscode.Disposable {
  private readonly _store = new DisposableStore();

  protected _register<T extends vscode.Disposable>(d: T): T {
    return this._store.add(d);
  }

  dispose(): void {
    this._store.dispose();
  }
}
