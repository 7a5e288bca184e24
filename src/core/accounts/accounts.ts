/**
 * Named accounts: each an API root and a key, one active at a time. Only what is not secret is kept here
 * (names, roots, where the key is); keys live in SecretStorage, the Nextmv CLI's file or NEXTMV_API_KEY.
 *
 * The first account, `default`, is always there and is what the extension had before accounts: its root is
 * the nextmvWebhooks.apiUrl setting (or NEXTMV_ENDPOINT), its key the one stored as before (or
 * NEXTMV_API_KEY). So a user with one key has one account without doing anything, and nothing moves.
 */

export type AccountSource =
  /** the setting's root (or NEXTMV_ENDPOINT); the key stored before accounts existed, else NEXTMV_API_KEY */
  | { readonly kind: 'default' }
  /** its own root, its own key in SecretStorage */
  | { readonly kind: 'stored'; readonly apiUrl: string }
  /** root and key read from ~/.nextmv/config.yaml when needed; `profile` null = the file's default (top level) */
  | { readonly kind: 'cliProfile'; readonly profile: string | null }
  /** NEXTMV_API_KEY, and NEXTMV_ENDPOINT or Nextmv Cloud */
  | { readonly kind: 'environment' };

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly source: AccountSource;
}

export interface AccountsState {
  /** the default account first */
  readonly accounts: readonly Account[];
  readonly activeId: string;
}

export const DEFAULT_ACCOUNT_ID = 'default';
export const DEFAULT_ACCOUNT: Account = { id: DEFAULT_ACCOUNT_ID, name: 'Default', source: { kind: 'default' } };
export const INITIAL_ACCOUNTS: AccountsState = { accounts: [DEFAULT_ACCOUNT], activeId: DEFAULT_ACCOUNT_ID };

export const MAX_NAME = 60;
export const MAX_ACCOUNTS = 50;

/**
 * The accounts as kept in globalState, checked: anything unusable (another version's shape, a hand-edited
 * value) is dropped rather than trusted, the default account is always first, and an active id that names
 * no account falls back to the default. Nothing stored yet (every user before accounts) = the default only.
 */
export function accountsFromStored(raw: unknown): AccountsState {
  if (typeof raw !== 'object' || raw === null) return INITIAL_ACCOUNTS;
  const r = raw as { accounts?: unknown; activeId?: unknown };
  const accounts: Account[] = [DEFAULT_ACCOUNT];
  for (const a of Array.isArray(r.accounts) ? r.accounts.slice(0, MAX_ACCOUNTS) : []) {
    const account = accountFrom(a);
    if (account && !accounts.some((x) => x.id === account.id || sameName(x.name, account.name))) accounts.push(account);
  }
  const activeId = typeof r.activeId === 'string' && accounts.some((a) => a.id === r.activeId) ? r.activeId : DEFAULT_ACCOUNT_ID;
  return { accounts, activeId };
}

function accountFrom(v: unknown): Account | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { id, name, source } = v as { id?: unknown; name?: unknown; source?: unknown };
  if (typeof id !== 'string' || !/^[a-z0-9-]{1,80}$/.test(id) || id === DEFAULT_ACCOUNT_ID) return undefined;
  if (typeof name !== 'string' || !name.trim() || name.length > MAX_NAME) return undefined;
  const s = sourceFrom(source);
  return s && { id, name: name.trim(), source: s };
}

function sourceFrom(v: unknown): AccountSource | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as { kind?: unknown; apiUrl?: unknown; profile?: unknown };
  // the root was checked when the account was added; the client reports it should it be unusable now
  if (s.kind === 'stored' && typeof s.apiUrl === 'string' && s.apiUrl.trim() !== '') return { kind: 'stored', apiUrl: s.apiUrl.trim() };
  if (s.kind === 'cliProfile' && (s.profile === null || (typeof s.profile === 'string' && s.profile !== ''))) return { kind: 'cliProfile', profile: s.profile };
  if (s.kind === 'environment') return { kind: 'environment' };
  return undefined;
}

/** What goes into globalState (the default account is implied, not stored). */
export function toStored(state: AccountsState): { accounts: Account[]; activeId: string } {
  return { accounts: state.accounts.filter((a) => a.id !== DEFAULT_ACCOUNT_ID), activeId: state.activeId };
}

export function activeAccount(state: AccountsState): Account {
  return state.accounts.find((a) => a.id === state.activeId) ?? DEFAULT_ACCOUNT;
}

/** Names are compared as a person would: without case or surrounding spaces. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
