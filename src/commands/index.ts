/**
 * Entry point of dist/commands.js: the commands that change things (the API key; create, edit, delete,
 * trigger, copy). extension.js loads it the first time one of them runs (lazyCommands.ts), so none of
 * their code is read at activation.
 */
export { clearApiKey, setApiKey, warnIfStoredKeyLost } from './auth';
export { copyEndpointUrl, copySigningSecret, createWebhook, deleteWebhooks, editWebhook } from './webhook';
export { triggerWebhook } from './trigger';
export { vscodePrompter } from '../common/prompter';
