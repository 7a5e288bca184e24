/**
 * Entry point of dist/commands.js: the commands that change things (the API key, the accounts; create,
 * edit, delete, trigger, copy; Send Again, Edit and Send, Sign & Send, New Webhook Handler). dist/host.js
 * loads it the first time one of them runs (lazyCommands.ts), so none of their code is read at activation.
 */
export { clearApiKey, setApiKey, warnIfStoredKeyLost } from './auth';
export { copyEndpointUrl, copySigningSecret, createWebhook, deleteWebhooks, editWebhook } from './webhook';
export { triggerWebhook } from './trigger';
export { clearWebhookFilter, filterDeliveries, filterWebhook, showFailures } from './filter';
export { editAndSend, sendAgain, signAndSend } from './handlerLoop';
export { newWebhookHandler } from './newHandler';
export { vscodePrompter } from '../common/prompter';
export { addAccount, removeAccount, switchAccount } from './accounts';
export { compareDeliveries, copyAsCurl, openRequestBody, openResponseBody } from './deliveryActions';
export { exportDeliveries, exportSelectedDeliveries } from './export';
