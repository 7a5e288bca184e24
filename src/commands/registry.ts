import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { userMessageOf } from '../core/userMessage';

/**
 * The one error wrapper every command runs through: a failure is logged and shown once as an error
 * notification; a cancelled prompt (undefined) simply ends the command.
 */
export async function runCommand(id: string, command: () => unknown, log: Logger): Promise<unknown> {
  try {
    return await command();
  } catch (err) {
    const message = userMessageOf(err);
    log.error(`Command ${id} failed`, err);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}
