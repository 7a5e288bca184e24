/**
 * A problem with the Nextmv CLI's configuration: the file is missing, unreadable or malformed, or a profile
 * cannot be used. Apart from the parser (and its YAML library), so the tree can tell it apart cheaply.
 */

/** How the file is named in messages (the real path may differ, e.g. on Windows). */
export const CLI_CONFIG_DISPLAY_PATH = '~/.nextmv/config.yaml';

/** `userMessage` says what is wrong and what to do; it never quotes the file (a line may hold a key). */
export class CliConfigError extends Error {
  readonly isCliConfigError = true;
  /** `missing`: there is no file at all — for someone who does not use the Nextmv CLI, not a problem */
  constructor(
    readonly userMessage: string,
    readonly missing = false,
  ) {
    super(userMessage);
    this.name = 'CliConfigError';
  }
}

/** Duck-typed, so it holds across bundles that each carry a copy of the class. */
export function isCliConfigError(err: unknown): err is CliConfigError {
  return typeof err === 'object' && err !== null && (err as { isCliConfigError?: unknown }).isCliConfigError === true;
}
