import * as vscode from 'vscode';

type AnyFn = (...args: never[]) => unknown;

/**
 * Replaces a function of the `vscode` API object (e.g. window.showInputBox) for one test and records the
 * calls. The extension sees the same API object as the tests (both are in the extension's folder), so
 * its prompts are answered by `answer`. restore() puts the original back.
 */
export function stub<T extends object, K extends keyof T>(target: T, name: K, answer: (...args: unknown[]) => unknown) {
  const original = target[name];
  const calls: unknown[][] = [];
  const replacement = (...args: unknown[]) => {
    calls.push(args);
    return answer(...args);
  };
  Object.defineProperty(target, name, { value: replacement, configurable: true, writable: true });
  return {
    calls,
    restore: () => Object.defineProperty(target, name, { value: original, configurable: true, writable: true }),
  };
}

/** Restores every stub made through it after each test. */
export class Stubs {
  private readonly all: { restore(): void }[] = [];
  on<T extends object, K extends keyof T>(target: T, name: K, answer: (...args: unknown[]) => unknown) {
    const s = stub(target, name, answer);
    this.all.push(s);
    return s;
  }
  restore(): void {
    while (this.all.length) this.all.pop()!.restore();
  }
}

/** Answers the prompts of vscode.window in order: each call takes the next answer. */
export function answers(...values: unknown[]): () => Promise<unknown> {
  const queue = [...values];
  return async () => queue.shift();
}

export const windowApi = vscode.window as unknown as Record<string, AnyFn>;
