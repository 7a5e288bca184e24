/** Ids shared with package.json. Keep both in step (test/build/manifest.test.ts checks it). */
export const EXTENSION_ID = 'nextmv-tools.nextmv-webhooks';
export const OUTPUT_CHANNEL_NAME = 'Nextmv Webhooks';

export const Views = {
  container: 'nextmvWebhooks',
  webhooks: 'nextmvWebhooks.webhooks',
} as const;

export const Commands = {
  setApiKey: 'nextmvWebhooks.setApiKey',
  clearApiKey: 'nextmvWebhooks.clearApiKey',
  refresh: 'nextmvWebhooks.refresh',
  refreshNode: 'nextmvWebhooks.refreshNode',
  createWebhook: 'nextmvWebhooks.createWebhook',
  editWebhook: 'nextmvWebhooks.editWebhook',
  deleteWebhook: 'nextmvWebhooks.deleteWebhook',
  triggerWebhook: 'nextmvWebhooks.triggerWebhook',
  copySigningSecret: 'nextmvWebhooks.copySigningSecret',
  copyEndpointUrl: 'nextmvWebhooks.copyEndpointUrl',
  validateDelivery: 'nextmvWebhooks.validateDelivery',
  showLogs: 'nextmvWebhooks.showLogs',
  openConversation: 'nextmvWebhooks.openConversation',
  /** the page a Newer/Older deliveries row leads to (the id of the former "Load more…") */
  loadMore: 'nextmvWebhooks.loadMore',
  /** Filter Deliveries… of the whole view (title, palette) and of one webhook (its context menu) */
  filterDeliveries: 'nextmvWebhooks.filterDeliveries',
  filterWebhook: 'nextmvWebhooks.filterWebhook',
  clearFilter: 'nextmvWebhooks.clearFilter',
  clearWebhookFilter: 'nextmvWebhooks.clearWebhookFilter',
  /** Show on the failure alert: reveals the webhooks, filtered to Failed */
  showFailures: 'nextmvWebhooks.showFailures',
  switchAccount: 'nextmvWebhooks.switchAccount',
  addAccount: 'nextmvWebhooks.addAccount',
  removeAccount: 'nextmvWebhooks.removeAccount',
  sendAgain: 'nextmvWebhooks.sendAgain',
  editAndSend: 'nextmvWebhooks.editAndSend',
  signAndSend: 'nextmvWebhooks.signAndSend',
  newWebhookHandler: 'nextmvWebhooks.newWebhookHandler',
  /** a delivery row's actions (the palette picks a delivery) */
  copyAsCurl: 'nextmvWebhooks.copyAsCurl',
  compareWith: 'nextmvWebhooks.compareWith',
  openRequestBody: 'nextmvWebhooks.openRequestBody',
  openResponseBody: 'nextmvWebhooks.openResponseBody',
  /** Export Deliveries… of a webhook (its context menu, palette); Export… of the selected delivery rows */
  exportDeliveries: 'nextmvWebhooks.exportDeliveries',
  exportSelectedDeliveries: 'nextmvWebhooks.exportSelectedDeliveries',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ContextKeys = {
  /** true while the active account has a key (SecretStorage, NEXTMV_API_KEY or a Nextmv CLI profile): drives the welcome view. */
  hasApiKey: 'nextmvWebhooks.hasApiKey',
  /** the active account's key: 'storage' | 'environment' | 'cliProfile' | 'none' */
  apiKeySource: 'nextmvWebhooks.apiKeySource',
  /** there is more than the default account: shows Remove Account */
  hasOtherAccounts: 'nextmvWebhooks.hasOtherAccounts',
  /** the list loaded and is empty: drives the "Create Webhook" welcome view */
  noWebhooks: 'nextmvWebhooks.noWebhooks',
} as const;

/** Context keys only dist/tree.js sets: apart from ContextKeys, so extension.js (read at activation) does not carry them. */
export const TreeContextKeys = {
  /** a filter is in force (view title: Clear Filter instead of Filter Deliveries…) */
  filtered: 'nextmvWebhooks.filtered',
  /** why the list of webhooks could not load (RootErrorKind), '' when it did: drives the welcome views */
  loadError: 'nextmvWebhooks.loadError',
} as const;

/** Why the list of webhooks did not load: the values of TreeContextKeys.loadError, one welcome view each (package.json). */
export const ROOT_ERROR_KINDS = ['unauthorized', 'invalidUrl', 'unreachable', 'server', 'rateLimited', 'cliProfile', 'other'] as const;
export type RootErrorKind = (typeof ROOT_ERROR_KINDS)[number];

export const StateKeys = {
  /** globalState flag: a key was stored here once, so a missing one after a restart is worth a word */
  hadStoredKey: 'nextmvWebhooks.hadStoredKey',
  /** globalState: the accounts other than the default one, and the active account's id (nothing secret) */
  accounts: 'nextmvWebhooks.accounts',
  /** globalState: per webhook id, the URLs sent to from VS Code, most recent first (offered first next time) */
  sendTargets: 'nextmvWebhooks.sendTargets',
  /** globalState: URLs off this machine the user agreed to send signed deliveries to (asked once each) */
  confirmedSendTargets: 'nextmvWebhooks.confirmedSendTargets',
  /** globalState list of API roots whose POST …/trigger answered 404/405/501: Trigger Webhook starts a run there */
  triggerRouteMissing: 'nextmvWebhooks.triggerRouteMissing',
} as const;

/** globalState keys only dist/tree.js uses (apart from StateKeys for the same reason as TreeContextKeys). */
export const TreeStateKeys = {
  /** per account, the newest delivery of each webhook already looked at (failure alerts) */
  seenDeliveries: 'nextmvWebhooks.seenDeliveries',
} as const;

export const SecretKeys = {
  /** the first (default) account's key, where the single key always was; other accounts: `<this>.<account id>` */
  apiKey: 'nextmvWebhooks.apiKey',
} as const;


export const SETTINGS_SECTION = 'nextmvWebhooks';
/** The keys of our settings (contributes.configuration); src/config.ts reads their values. */
export const SETTING_KEYS = ['apiUrl', 'autoRefreshSeconds', 'requestTimeoutSeconds', 'useVSCodeFetch', 'notifyOnFailures'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** A setting's full id, e.g. for workbench.action.openSettings. */
export function settingId(key: SettingKey): string {
  return `${SETTINGS_SECTION}.${key}`;
}

export const DEFAULT_API_URL = 'https://api.cloud.nextmv.io';

export const EnvVars = {
  apiKey: 'NEXTMV_API_KEY',
  endpoint: 'NEXTMV_ENDPOINT',
  profile: 'NEXTMV_PROFILE',
} as const;
