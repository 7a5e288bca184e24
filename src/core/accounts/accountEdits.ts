import * as l10n from '@vscode/l10n';
/**
 * Changes to the accounts (pure: each returns the next state), and the checks behind them. Apart from
 * accounts.ts because only the commands need them, not activation.
 */
import { DEFAULT_ACCOUNT_ID, MAX_ACCOUNTS, MAX_NAME, sameName, type Account, type AccountSource, type AccountsState } from './accounts';

/** For the name box: what is wrong with a new account's name, or undefined. */
export function accountNameProblem(name: string, existing: readonly Account[]): string | undefined {
  const n = name.trim();
  if (!n) return l10n.t('Give the account a name, such as "staging".');
  if (n.length > MAX_NAME) return l10n.t('Keep the name under {0} characters.', MAX_NAME);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(n)) return l10n.t('The name cannot hold control characters.');
  if (existing.some((a) => sameName(a.name, n))) return l10n.t('There is already an account named "{0}".', n);
  return undefined;
}

/** A new id from the name: lower-case letters, digits and dashes, unique among the accounts. */
export function newAccountId(name: string, existing: readonly Account[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'account';
  let id = base === DEFAULT_ACCOUNT_ID ? `${base}-2` : base;
  for (let n = 2; existing.some((a) => a.id === id); n++) id = `${base}-${n}`;
  return id;
}

/** Adds an account (and makes it active). Throws when the name is taken or there are too many. */
export function withAccount(state: AccountsState, account: Account): AccountsState {
  const problem = accountNameProblem(account.name, state.accounts);
  if (problem) throw new Error(problem);
  if (state.accounts.length >= MAX_ACCOUNTS) throw new Error(l10n.t('There are already {0} accounts: remove one first.', MAX_ACCOUNTS));
  if (state.accounts.some((a) => a.id === account.id)) throw new Error(l10n.t('An account with id "{0}" exists.', account.id));
  return { accounts: [...state.accounts, account], activeId: account.id };
}

/** Removes an account; the default account stays. Removing the active one makes the default active. */
export function withoutAccount(state: AccountsState, id: string): AccountsState {
  if (id === DEFAULT_ACCOUNT_ID) return state;
  const accounts = state.accounts.filter((a) => a.id !== id);
  return { accounts, activeId: state.activeId === id ? DEFAULT_ACCOUNT_ID : state.activeId };
}

export function withActive(state: AccountsState, id: string): AccountsState {
  return state.accounts.some((a) => a.id === id) ? { ...state, activeId: id } : state;
}

/** Replaces an account's source (e.g. a CLI profile's key copied into SecretStorage at the user's request). */
export function withSource(state: AccountsState, id: string, source: AccountSource): AccountsState {
  return { ...state, accounts: state.accounts.map((a) => (a.id === id && a.id !== DEFAULT_ACCOUNT_ID ? { ...a, source } : a)) };
}

/** The account that uses this Nextmv CLI profile, if one does. */
export function accountForProfile(state: AccountsState, profile: string | null): Account | undefined {
  return state.accounts.find((a) => a.source.kind === 'cliProfile' && a.source.profile === profile);
}
