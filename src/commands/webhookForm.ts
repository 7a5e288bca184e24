import * as vscode from 'vscode';
import { descriptionProblem, endpointUrlProblem, webhookIdProblem } from '../core/forms/webhookForm';
import { KNOWN_EVENT_TYPES } from '../core/api/types';
import type { Prompter, StepResult } from '../common/prompter';

export interface WebhookFormValues {
  id: string;
  endpointUrl: string;
  eventTypes: string[];
  description: string;
}

/**
 * Create/Edit Webhook as four steps — id → endpoint URL → event types → description — with Back.
 * Returns the values, or undefined when cancelled. In edit mode the id cannot change (it is the URL path).
 */
export async function runWebhookForm(
  prompter: Prompter,
  mode: 'create' | 'edit',
  initial: WebhookFormValues,
  takenIds: ReadonlySet<string>,
): Promise<WebhookFormValues | undefined> {
  const v: WebhookFormValues = { ...initial, eventTypes: [...initial.eventTypes] };
  const title = mode === 'create' ? vscode.l10n.t('Create Webhook') : vscode.l10n.t('Edit Webhook {0}', initial.id);
  const totalSteps = 4;
  const steps: ((step: number) => Promise<StepResult<unknown>>)[] = [
    async (step) => {
      const r = await prompter.input({
        title, step, totalSteps, value: v.id, prompt: mode === 'create' ? vscode.l10n.t('An id for the webhook: letters, digits, - and _ (1–64).') : vscode.l10n.t('The id of a webhook cannot be changed.'),
        placeholder: 'orders-prod',
        validate: (value) => (mode === 'edit' && value.trim() !== initial.id ? { severity: 'error', message: vscode.l10n.t('The id cannot be changed (it stays "{0}").', initial.id) } : webhookIdProblem(value, mode === 'create' ? takenIds : new Set())),
      });
      if (r.kind === 'value') v.id = r.value;
      return r;
    },
    async (step) => {
      const r = await prompter.input({ title, step, totalSteps, value: v.endpointUrl, prompt: vscode.l10n.t('The URL Nextmv POSTs deliveries to.'), placeholder: 'https://example.com/hooks/nextmv', validate: endpointUrlProblem });
      if (r.kind === 'value') v.endpointUrl = r.value;
      return r;
    },
    async (step) => {
      const known = [...new Set([...KNOWN_EVENT_TYPES, ...v.eventTypes])];
      const r = await prompter.pick({
        title, step, totalSteps, canPickMany: true, placeholder: vscode.l10n.t('Events that trigger a delivery'),
        items: known.map((t) => ({ label: t, description: t === 'run.status' ? vscode.l10n.t('a run changed status') : vscode.l10n.t('not known to this extension'), picked: v.eventTypes.includes(t) || (mode === 'create' && v.eventTypes.length === 0 && t === 'run.status') })),
      });
      if (r.kind === 'value') v.eventTypes = r.value;
      return r;
    },
    async (step) => {
      const r = await prompter.input({ title, step, totalSteps, value: v.description, prompt: vscode.l10n.t('A description (optional).'), placeholder: vscode.l10n.t('What this endpoint does'), validate: descriptionProblem });
      if (r.kind === 'value') v.description = r.value;
      return r;
    },
  ];
  let i = 0;
  while (i < steps.length) {
    const r = await steps[i](i + 1);
    if (r.kind === 'cancel') return undefined;
    i = r.kind === 'back' ? Math.max(0, i - 1) : i + 1;
  }
  return v;
}
