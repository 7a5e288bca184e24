import * as vscode from 'vscode';
/**
 * Entry point of dist/cliConfig.js: reads the Nextmv CLI's ~/.nextmv/config.yaml (with the YAML library,
 * ~115 KB, hence a bundle of its own, read the first time a profile is needed — never at activation). The
 * file is read when asked, every time it is asked, and never written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_CONFIG_DISPLAY_PATH, CliConfigError, parseCliConfig, type CliConfig } from '../core/accounts/cliConfig';

export { profileFromEnv, usableProfile } from '../core/accounts/cliConfig';

/** A configuration file is a few lines; anything this big is not one. */
const MAX_BYTES = 1024 * 1024;

/** Where the Nextmv CLI keeps its profiles (os.homedir() follows HOME, as the CLI's own lookup does). */
export function cliConfigPath(): string {
  return path.join(os.homedir(), '.nextmv', 'config.yaml');
}

/**
 * The file's profiles. Throws CliConfigError — one clear message — when the file is missing, unreadable,
 * too large or malformed. Synchronous: the file is small and local, and the API client needs its endpoint
 * while it is being built.
 */
export function readCliConfig(file = cliConfigPath()): CliConfig {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CliConfigError(vscode.l10n.t('{0} is not a file.', CLI_CONFIG_DISPLAY_PATH));
    if (stat.size > MAX_BYTES) throw new CliConfigError(vscode.l10n.t('{0} is {1} bytes: too large to be the Nextmv CLI\'s configuration.', CLI_CONFIG_DISPLAY_PATH, stat.size));
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CliConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliConfigError(vscode.l10n.t('There is no {0}: the Nextmv CLI keeps its profiles there. Run "nextmv configuration create" to make one, or add an account with a key.', CLI_CONFIG_DISPLAY_PATH), true);
    }
    throw new CliConfigError(vscode.l10n.t('{0} could not be read ({1}).', CLI_CONFIG_DISPLAY_PATH, code ?? (err instanceof Error ? err.message : String(err))));
  }
  return parseCliConfig(text.replace(/^\uFEFF/, ''));
}
