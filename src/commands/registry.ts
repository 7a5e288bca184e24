import * as vscode from 'vscode';
import type { CommandId } from '../constants';
import type { Logger } from '../common/logger';
import { userMessageOf } from '../core/userMessage';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;
export type CommandTable = Partial<Record<CommandId, CommandHandler>>;

/**
 * Registers every command of a table through one error wrapper: a failure is logged and shown once as an
 * error notification; a cancelled prompt (undefined) simply ends the command.
 */
export function registerCommands(table: CommandTable, log: Logger): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler!(...args);
      } catch (err) {
        const message = userMessageOf(err);
        log.error(`Command ${id} failed`, err);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    }),
  );
}
