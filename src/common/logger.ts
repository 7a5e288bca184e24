import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME } from '../constants';
import { redact } from '../core/redact';

/**
 * The one log channel, created with its first line (not at activation). Every line goes through redact()
 * so keys and secrets never reach it.
 */
export class Logger implements vscode.Disposable {
  private created: vscode.LogOutputChannel | undefined;
  private readonly secrets = new Set<string>();

  /** Values that must never be printed, whatever the message (the API key, fetched webhook secrets). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `: ${err.message}` : err !== undefined ? `: ${String(err)}` : '';
    this.channel.error(this.clean(message + detail));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.created?.dispose();
  }

  private get channel(): vscode.LogOutputChannel {
    this.created ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
    return this.created;
  }

  private clean(text: string): string {
    return redact(text, this.secrets);
  }
}
