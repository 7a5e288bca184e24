/**
 * Switch Account, Add Account… and Remove Account: named accounts, each an API root and a key (in secret
 * storage, a Nextmv CLI profile, or NEXTMV_API_KEY), one active at a time. The Nextmv CLI's profiles are read
 * from ~/.nextmv/config.yaml each time one of these runs, and offered under their own names.
 */
import * as vscode from 'vscode';
import { EnvVars } from '../constants';
import type { Services } from '../services';
import { DEFAULT_ACCOUNT_ID, type Account, type AccountSource } from '../core/accounts/accounts';
import { accountForProfile, accountNameProblem, newAccountId, withAccount, withActive, withoutAccount } from '../core/accounts/accountEdits';
import type { CliProfile } from '../core/accounts/cliConfig';
import { CLI_CONFIG_DISPLAY_PATH, isCliConfigError } from '../core/accounts/cliConfigError';
import { baseUrlProblem, normalizeBaseUrl } from '../core/api/baseUrl';
import { loadCliConfig } from '../connection/lazyCliConfig';
import { hostOf } from '../shared/text';
import { promptAndCheckKey } from './auth';

type Choice = vscode.QuickPickItem &
  (
    | { readonly action: 'switch'; readonly account: Account }
    | { readonly action: 'profile'; readonly profile: CliProfile }
    | { readonly action: 'add' | 'enterKey' | 'environment' | 'cliProblem' }
    | { readonly action?: undefined } // separators
  );

interface Profiles {
  /** NEXTMV_PROFILE's profile first */
  readonly profiles: readonly CliProfile[];
  readonly envProfile?: string;
  /** why the file's profiles cannot be offered (one clear message), or NEXTMV_PROFILE names no profile */
  readonly problem?: string;
  /** there is no file at all: nothing to say when switching */
  readonly missing?: boolean;
}

/** The Nextmv CLI's profiles, read now. A missing, unreadable or malformed file is a message, never a throw. */
function readProfiles(env: NodeJS.ProcessEnv = process.env): Profiles {
  try {
    const cli = loadCliConfig();
    const config = cli.readCliConfig();
    const fromEnv = cli.profileFromEnv(config, env[EnvVars.profile]);
    const first = fromEnv.profile;
    const profiles = first ? [first, ...config.profiles.filter((p) => p !== first)] : config.profiles;
    return { profiles, envProfile: first?.name, problem: fromEnv.problem };
  } catch (err) {
    if (!isCliConfigError(err)) throw err;
    return { profiles: [], problem: err.userMessage, missing: err.missing };
  }
}

function separator(label: string): Choice {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

function profileChoice(p: CliProfile, profiles: Profiles, existing: Account | undefined): Choice {
  const env = p.name !== undefined && p.name === profiles.envProfile ? ' (NEXTMV_PROFILE)' : '';
  return {
    label: p.label,
    description: vscode.l10n.t('Use profile `{0}` from the Nextmv CLI{1}', p.label, env),
    detail: p.problem ? vscode.l10n.t('$(warning) {0}', p.problem) : `${hostOf(p.apiUrl)}${existing ? vscode.l10n.t(' · already the account "{0}"', existing.name) : ''}`,
    action: 'profile',
    profile: p,
  };
}

/** Where an account's root and key come from, for quick picks. */
function describe(a: Account): string {
  switch (a.source.kind) {
    case 'default':
      return vscode.l10n.t('first account · nextmvWebhooks.apiUrl');
    case 'stored':
      return vscode.l10n.t('{0} · key in secret storage', hostOf(a.source.apiUrl));
    case 'cliProfile':
      return vscode.l10n.t('Nextmv CLI profile "{0}"', a.source.profile ?? 'default');
    case 'environment':
      return 'NEXTMV_API_KEY';
  }
}

/** The accounts, the Nextmv CLI's profiles not yet added, and Add Account…; the pick becomes active. */
export async function switchAccount(s: Services): Promise<boolean> {
  const profiles = readProfiles();
  if (profiles.problem && !profiles.missing) void vscode.window.showWarningMessage(profiles.problem);
  const active = s.accounts.active;
  const items: Choice[] = [separator(vscode.l10n.t('Accounts'))];
  for (const account of s.accounts.all) {
    items.push({ label: account.name, description: `${account.id === active.id ? vscode.l10n.t('$(check) active · ') : ''}${describe(account)}`, action: 'switch', account });
  }
  const unused = profiles.profiles.filter((p) => !accountForProfile(s.accounts.snapshot, p.name ?? null));
  if (unused.length) items.push(separator(vscode.l10n.t('Nextmv CLI profiles')), ...unused.map((p) => profileChoice(p, profiles, undefined)));
  items.push(separator(''), { label: vscode.l10n.t('$(add) Add Account…'), action: 'add' });
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Nextmv Webhooks: Switch Account'), placeHolder: vscode.l10n.t('Active: {0}', active.name), matchOnDescription: true });
  switch (pick?.action) {
    case 'switch':
      return activate(s, pick.account);
    case 'profile':
      return useProfile(s, pick.profile);
    case 'add':
      return addAccount(s);
    default:
      return false;
  }
}

/** A Nextmv CLI profile, a key for any API root, or NEXTMV_API_KEY, as a new account that becomes active. */
export async function addAccount(s: Services): Promise<boolean> {
  const profiles = readProfiles();
  const items: Choice[] = [separator(vscode.l10n.t('Nextmv CLI profiles'))];
  for (const p of profiles.profiles) items.push(profileChoice(p, profiles, accountForProfile(s.accounts.snapshot, p.name ?? null)));
  if (profiles.problem) {
    items.push({ label: profiles.missing ? vscode.l10n.t('$(info) No {0}', CLI_CONFIG_DISPLAY_PATH) : vscode.l10n.t('$(warning) The Nextmv CLI profiles cannot be read'), detail: profiles.problem, action: 'cliProblem' });
  }
  items.push(separator(vscode.l10n.t('Other')), { label: vscode.l10n.t('$(key) Enter an API Key…'), description: vscode.l10n.t('for any API root; kept in VS Code secret storage'), action: 'enterKey' });
  if (process.env[EnvVars.apiKey]?.trim() && !s.accounts.all.some((a) => a.source.kind === 'environment')) {
    items.push({ label: vscode.l10n.t('$(terminal) Use NEXTMV_API_KEY'), description: vscode.l10n.t('read from the environment each time, never stored'), action: 'environment' });
  }
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Nextmv Webhooks: Add Account…'), placeHolder: vscode.l10n.t('Where does the account\'s key come from?'), matchOnDescription: true });
  switch (pick?.action) {
    case 'profile':
      return useProfile(s, pick.profile);
    case 'enterKey':
      return addWithKey(s);
    case 'environment':
      return add(s, 'NEXTMV_API_KEY', { kind: 'environment' });
    case 'cliProblem':
      void vscode.window.showErrorMessage(profiles.problem ?? '');
      return false;
    default:
      return false;
  }
}

/** The account that uses this profile (added now if there is none) becomes active. */
async function useProfile(s: Services, profile: CliProfile): Promise<boolean> {
  if (profile.problem) {
    void vscode.window.showErrorMessage(profile.problem);
    return false;
  }
  const existing = accountForProfile(s.accounts.snapshot, profile.name ?? null);
  if (existing) return activate(s, existing);
  return add(s, profile.label, { kind: 'cliProfile', profile: profile.name ?? null });
}

/** Name → API root → key (checked with one request, as Set API Key does); the key goes to secret storage. */
async function addWithKey(s: Services): Promise<boolean> {
  const title = vscode.l10n.t('Nextmv Webhooks: Add Account…');
  const name = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: vscode.l10n.t('A name for the account, such as "staging"'),
    ignoreFocusOut: true,
    validateInput: (v) => accountNameProblem(v, s.accounts.all),
  });
  if (name === undefined || accountNameProblem(name, s.accounts.all)) return false;
  const fix = vscode.l10n.t('Enter a host such as api.cloud.nextmv.io or localhost:8080, or an http:// or https:// URL.');
  const root = await vscode.window.showInputBox({
    title: `${title} (2/3)`,
    prompt: vscode.l10n.t('The API\'s root: a host (https:// is added, as Nextmv\'s CLI does) or an http:// or https:// URL, without /v1'),
    value: 'api.cloud.nextmv.io',
    ignoreFocusOut: true,
    validateInput: (v) => baseUrlProblem(v, fix),
  });
  if (root === undefined) return false;
  const problem = baseUrlProblem(root, fix);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Account not added: {0}', problem));
    return false;
  }
  const apiUrl = normalizeBaseUrl(root);
  const key = await promptAndCheckKey(s, { title: `${title} (3/3)`, apiUrl });
  if (key === undefined) return false;
  return add(s, name.trim(), { kind: 'stored', apiUrl }, key);
}

/** Adds the account (its key first, so it never exists without it) and makes it active. */
async function add(s: Services, wanted: string, source: AccountSource, key?: string): Promise<boolean> {
  const name = freeName(wanted, s.accounts.all);
  const account: Account = { id: newAccountId(name, s.accounts.all), name, source };
  if (key !== undefined) await s.keys.storeFor(account, key);
  try {
    await s.accounts.update((state) => withAccount(state, account));
  } catch (err) {
    if (key !== undefined) await s.keys.clearFor(account).catch((e: unknown) => s.log.error(`Could not remove the key of the account "${name}" that was not added`, e));
    throw err;
  }
  s.log.info(`Account "${name}" added (${describe(account)}) and active.`);
  await s.keys.refreshContext();
  return true;
}

/** The wanted name, or that name with a number when an account already has it (a profile named like an account). */
function freeName(wanted: string, accounts: readonly Account[]): string {
  let name = wanted.trim();
  for (let n = 2; accountNameProblem(name, accounts); n++) name = `${wanted.trim()} (${n})`;
  return name;
}

async function activate(s: Services, account: Account): Promise<boolean> {
  if (account.id === s.accounts.active.id) return false;
  await s.accounts.update((state) => withActive(state, account.id));
  await s.keys.refreshContext();
  s.log.info(`Active account: "${account.name}" (${describe(account)}).`);
  return true;
}

/** Removes an account other than the first, after a modal; its stored key goes with it. */
export async function removeAccount(s: Services): Promise<boolean> {
  const others = s.accounts.all.filter((a) => a.id !== DEFAULT_ACCOUNT_ID);
  if (!others.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is only the first account, which cannot be removed: Clear API Key removes its key.'));
    return false;
  }
  const pick = await vscode.window.showQuickPick(
    others.map((account) => ({ label: account.name, description: describe(account), account })),
    { title: vscode.l10n.t('Nextmv Webhooks: Remove Account'), placeHolder: vscode.l10n.t('The account to remove') },
  );
  if (!pick) return false;
  const { account } = pick;
  const detail =
    account.source.kind === 'cliProfile' ? vscode.l10n.t('{0} is not changed.', CLI_CONFIG_DISPLAY_PATH)
      : account.source.kind === 'environment' ? vscode.l10n.t('NEXTMV_API_KEY is not changed.')
        : vscode.l10n.t('Its API key is deleted from VS Code\'s secret storage.');
  const confirm = await vscode.window.showWarningMessage(vscode.l10n.t('Remove the account "{0}"?', account.name), { modal: true, detail }, vscode.l10n.t('Remove Account'));
  if (confirm !== vscode.l10n.t('Remove Account')) return false;
  await s.accounts.update((state) => withoutAccount(state, account.id));
  // any account may hold a stored key (a profile's key copied at the user's request): it goes too
  await s.keys.clearFor(account);
  s.log.info(`Account "${account.name}" removed.`);
  await s.keys.refreshContext();
  return true;
}
