import * as l10n from '@vscode/l10n';
/**
 * The Nextmv CLI's configuration (`~/.nextmv/config.yaml`), read the way Nextmv's SDK reads it: the top
 * level's `apikey` and `endpoint` are the default profile, every other top-level key whose value is a map is
 * a named profile with its own `apikey` and `endpoint` (a bare host; https:// is added), and
 * `NEXTMV_PROFILE` names the profile to use. Parsed with the `yaml` library; never written.
 *
 * No message here ever quotes the file's text: a YAML error is reported by its line and column only,
 * because the line could be the one holding an API key.
 */
import { LineCounter, parseDocument } from 'yaml';
import { DEFAULT_BASE_URL, baseUrlProblem, normalizeBaseUrl } from '../api/baseUrl';
import { CLI_CONFIG_DISPLAY_PATH, CliConfigError } from './cliConfigError';
import { plural } from '../../shared/intl';

export { CLI_CONFIG_DISPLAY_PATH, CliConfigError, isCliConfigError } from './cliConfigError';

export interface CliProfile {
  /** the profile's key in the file; undefined for the default profile (the top level) */
  readonly name: string | undefined;
  /** what the user sees: the name, or "default" for the top level */
  readonly label: string;
  /** the API key, when the profile has a usable one */
  readonly apiKey?: string;
  /** the API root: https:// + endpoint (or the endpoint as is when it names http(s)://), else Nextmv Cloud */
  readonly apiUrl: string;
  /** why the profile cannot be used as it is (no apikey, a bad endpoint), for one clear message */
  readonly problem?: string;
}

export interface CliConfig {
  readonly profiles: readonly CliProfile[];
  /** top-level keys that are neither the default profile's fields nor a map (so not a profile) */
  readonly ignored: readonly string[];
}

const DEFAULT_FIELDS = new Set(['apikey', 'endpoint']);
export const DEFAULT_PROFILE_LABEL = 'default';

/** Parses the file's text. Throws CliConfigError for YAML that does not parse or is not a map at the top. */
export function parseCliConfig(text: string): CliConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0];
    const at = lineCounter.linePos(first.pos[0]);
    const more = doc.errors.length > 1 ? plural(doc.errors.length - 1, l10n.t('one= (and {0} more problem)|other= (and {0} more problems)', doc.errors.length - 1)) : '';
    throw new CliConfigError(l10n.t('{0} is not valid YAML: {1} at line {2}, column {3}{4}. Fix the file, or run "nextmv configuration create".', CLI_CONFIG_DISPLAY_PATH, first.message, at.line, at.col, more));
  }
  let top: unknown;
  try {
    top = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new CliConfigError(l10n.t('{0} could not be read: {1}.', CLI_CONFIG_DISPLAY_PATH, err instanceof Error ? err.message : String(err)));
  }
  if (top === null || top === undefined) return { profiles: [], ignored: [] }; // an empty file, as the SDK reads it
  if (!isMap(top)) throw new CliConfigError(l10n.t('{0} does not hold profiles: its top level is not a map of names to settings.', CLI_CONFIG_DISPLAY_PATH));
  const profiles: CliProfile[] = [];
  const ignored: string[] = [];
  if (Object.keys(top).some((k) => DEFAULT_FIELDS.has(k))) profiles.push(profileFrom(undefined, top));
  for (const [name, value] of Object.entries(top)) {
    if (DEFAULT_FIELDS.has(name)) continue;
    if (isMap(value)) profiles.push(profileFrom(name, value));
    else ignored.push(name);
  }
  return { profiles, ignored };
}

function profileFrom(name: string | undefined, fields: Record<string, unknown>): CliProfile {
  const label = name ?? DEFAULT_PROFILE_LABEL;
  const where = name === undefined ? l10n.t('The default profile (top level)') : l10n.t('Profile "{0}"', name);
  const rawKey = fields.apikey;
  const apiKey = typeof rawKey === 'string' && rawKey.trim() ? rawKey.trim() : undefined;
  const rawEndpoint = fields.endpoint;
  let apiUrl = DEFAULT_BASE_URL;
  let problem: string | undefined;
  if (rawEndpoint !== undefined && rawEndpoint !== null && rawEndpoint !== '') {
    const fix = l10n.t('Fix its endpoint in {0}.', CLI_CONFIG_DISPLAY_PATH);
    const bad = typeof rawEndpoint === 'string' ? baseUrlProblem(rawEndpoint, fix) : l10n.t('its endpoint is not text. {0}', fix);
    if (bad) problem = `${where} of ${CLI_CONFIG_DISPLAY_PATH}: ${bad}`;
    else apiUrl = normalizeBaseUrl(rawEndpoint as string);
  }
  if (!apiKey) {
    const why = rawKey === undefined || rawKey === null || rawKey === '' ? l10n.t('has no apikey') : l10n.t('has an apikey that is not text');
    problem = l10n.t('{0} in {1} {2}. Run "nextmv configuration create{3}", or add an account with a key.', where, CLI_CONFIG_DISPLAY_PATH, why, name === undefined ? '' : l10n.t(' --profile {0}', name));
  }
  return { name, label, apiUrl, ...(apiKey ? { apiKey } : {}), ...(problem ? { problem } : {}) };
}

/** The profile of that name (undefined: the default profile), if the file has it. */
export function findProfile(config: CliConfig, name: string | undefined): CliProfile | undefined {
  return config.profiles.find((p) => p.name === name);
}

/**
 * The profile NEXTMV_PROFILE names, as the SDK picks it: `profile` when found, `problem` when the variable
 * names a profile the file does not have, nothing when the variable is unset or blank.
 */
export function profileFromEnv(config: CliConfig, envValue: string | undefined): { profile?: CliProfile; problem?: string } {
  const name = envValue?.trim();
  if (!name) return {};
  const profile = findProfile(config, name);
  return profile ? { profile } : { problem: l10n.t('NEXTMV_PROFILE is "{0}", but {1} has no profile of that name.', name, CLI_CONFIG_DISPLAY_PATH) };
}

/** The profile, usable: its API root and key. Throws CliConfigError when it is gone or unusable. */
export function usableProfile(config: CliConfig, name: string | undefined): { apiUrl: string; apiKey: string } {
  const profile = findProfile(config, name);
  if (!profile) {
    throw new CliConfigError(l10n.t('{0} has no {1} any more. Switch Account, or run "nextmv configuration create{2}".', CLI_CONFIG_DISPLAY_PATH, name === undefined ? l10n.t('default profile (apikey at the top level)') : l10n.t('profile "{0}"', name), name === undefined ? '' : l10n.t(' --profile {0}', name)));
  }
  if (profile.problem || !profile.apiKey) throw new CliConfigError(profile.problem ?? l10n.t('{0} has no apikey.', profile.label));
  return { apiUrl: profile.apiUrl, apiKey: profile.apiKey };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);
}
