import { lazyBundle } from '../common/lazyBundle';
import type { Prompter } from '../common/prompter';

export type CommandsModule = typeof import('./index');

/** dist/commands.js, read the first time a command that changes something runs. */
export const loadCommands: () => CommandsModule = lazyBundle<CommandsModule>('commands.js');

/** VS Code's own inputs, loaded with the commands that use them (the integration tests swap in a script). */
export const lazyPrompter: Prompter = {
  input: (step) => loadCommands().vscodePrompter.input(step),
  pick: (step) => loadCommands().vscodePrompter.pick(step),
};
