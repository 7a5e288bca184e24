import { lazyBundle } from '../common/lazyBundle';

export type CliConfigModule = typeof import('./cliConfigFile');

/** dist/cliConfig.js (the YAML parser and the file reader), read the first time a Nextmv CLI profile is needed. */
export const loadCliConfig: () => CliConfigModule = lazyBundle<CliConfigModule>('cliConfig.js');
