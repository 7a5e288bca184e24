/**
 * Trigger Webhook. Nextmv sends run.status when a run changes status, so the way that works on the real
 * service is to start a run and follow it: each delivery about it is revealed in the tree as it arrives, the
 * final one opens in the inspector. Where an API has the (undocumented) POST …/trigger route, a single test
 * delivery is offered as the quick path; an API root that answered 404/405 to it is remembered and goes
 * straight to the run.
 */
import * as vscode from 'vscode';
import { Commands, StateKeys } from '../constants';
import type { Conversation, NextmvClient, Webhook } from '../core/api';
import { CancelledError, isTriggerNotSupportedError } from '../core/api/errors';
import { conversationOutcome, conversationStatusLabel } from '../core/api/types';
import { sleep } from '../core/timers';
import { DEFAULT_FOLLOW_LIMITS, followRun, type FollowResult, type RunDelivery } from '../core/trigger/followRun';
import { runProgressText, runReport } from '../core/trigger/runReport';
import { userMessageOf } from '../core/userMessage';
import type { Services } from '../services';
import { runTriggerSteps, type TriggerChoice } from './triggerSteps';
import { resolveWebhook, reveal } from './webhook';

/** How many of the webhook's newest deliveries each poll looks at for the run's. */
const FOLLOW_PAGE_SIZE = 25;

/** The last application and instance per API root and webhook, offered first the next time (Trigger Again). */
const lastChoices = new Map<string, Pick<TriggerChoice, 'appId' | 'instanceId'>>();

/** Resolves to the delivery it ends on (the test delivery, or the run's last), or undefined. */
export async function triggerWebhook(s: Services, arg: unknown): Promise<Conversation | undefined> {
  const webhook = await resolveWebhook(s, arg, vscode.l10n.t('Which webhook should get a delivery?'));
  if (!webhook) return undefined;
  const client = s.connection.client();
  const root = client.baseUrl ?? '';
  const memoryKey = `${root}\n${webhook.id}`;
  let offerTestDelivery = !routeMissing(s, root);
  let apps: Promise<Awaited<ReturnType<NextmvClient['listApplications']>>> | undefined;
  for (;;) {
    const choice = await runTriggerSteps({
      prompter: s.prompter,
      webhookId: webhook.id,
      offerTestDelivery,
      applications: () => (apps ??= client.listApplications()),
      previous: lastChoices.get(memoryKey),
    });
    if (!choice) return undefined;
    if (choice.mode === 'test') {
      const sent = await sendTestDelivery(s, client, webhook);
      if (sent !== 'noRoute') return sent;
      await rememberRouteMissing(s, root);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('This API has no trigger route, as Nextmv Cloud documents none: start a run instead — Nextmv sends "{0}" a run.status delivery at each status change.', webhook.id),
      );
      offerTestDelivery = false;
      continue;
    }
    lastChoices.set(memoryKey, { appId: choice.appId, instanceId: choice.instanceId });
    let runId: string;
    try {
      runId = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting a run of "{0}" with {1}…', choice.appId, choice.inputSource) },
        // not cancellable: a POST cut short may still have started the run
        () =>
          client.createRun(
            choice.appId,
            { input: choice.input, name: vscode.l10n.t('Webhook test: {0}', webhook.id), description: vscode.l10n.t('Started by Trigger Webhook in VS Code to fire webhook "{0}".', webhook.id) },
            choice.instanceId ? { instanceId: choice.instanceId } : {},
          ),
      );
    } catch (err) {
      s.log.error(`Could not start a run of ${choice.appId}`, err);
      const again = await vscode.window.showErrorMessage(vscode.l10n.t('Could not start a run of "{0}": {1}', choice.appId, userMessageOf(err)), vscode.l10n.t('Change and Retry'));
      if (again !== vscode.l10n.t('Change and Retry')) return undefined;
      continue;
    }
    s.log.info(`Started run ${runId} of ${choice.appId} (instance ${choice.instanceId || 'default'}) for webhook ${webhook.id}`);
    return followAndReport(s, client, webhook, choice.appId, runId);
  }
}

async function followAndReport(s: Services, client: NextmvClient, webhook: Webhook, appId: string, runId: string): Promise<Conversation | undefined> {
  const seen: RunDelivery[] = [];
  let reveals = Promise.resolve();
  const result: FollowResult = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Run {0} of "{1}" (uses your account\'s compute)', runId, appId), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      let status: string | undefined;
      progress.report({ message: runProgressText(status, seen) });
      try {
        return await followRun(
          runId,
          {
            getRun: (signal) => client.getRunMetadata(appId, runId, { signal }),
            listDeliveries: async (signal) => (await client.listConversationsPage(webhook.id, undefined, FOLLOW_PAGE_SIZE, { signal })).items,
            sleep: (ms, signal) => sleep(ms, signal, () => new CancelledError()),
            now: Date.now,
          },
          (event) => {
            if (event.kind === 'status') status = event.status;
            if (event.kind === 'pollFailed') s.log.warn(`Following run ${runId}: poll ${event.consecutive} failed: ${userMessageOf(event.error)}`);
            if (event.kind === 'delivery') {
              seen.push(event);
              s.log.info(`Run ${runId}: ${event.status ?? 'a'} delivery to ${webhook.id} → ${conversationStatusLabel(event.conversation)} (${event.conversation.id})`);
              // the tree shows it as it arrives; reveals go one after another, each waits for the refreshed page
              s.model.invalidate(webhook.id);
              reveals = reveals.then(() => reveal(s, webhook.id, event.conversation.id));
            }
            progress.report({ message: runProgressText(status, seen) });
          },
          abort.signal,
        );
      } finally {
        cancel.dispose();
      }
    },
  );
  await reveals;
  const report = runReport(result, { runId, applicationId: appId, webhookId: webhook.id, graceMs: DEFAULT_FOLLOW_LIMITS.finalDeliveryGraceMs });
  if (report.severity === 'info') {
    s.log.info(report.text);
    void vscode.window.showInformationMessage(report.text);
  } else {
    s.log.warn(report.text);
    void (report.severity === 'warning' ? vscode.window.showWarningMessage(report.text) : vscode.window.showErrorMessage(report.text));
  }
  if (result.end === 'cancelled') return undefined;
  const last = result.deliveries.at(-1)?.conversation;
  if (last) await vscode.commands.executeCommand(Commands.openConversation, s.tree.conversationNode(webhook.id, last.id) ?? { kind: 'conversation', webhookId: webhook.id, conversation: last });
  return last;
}

/** POST …/trigger; 'noRoute' when this API has no such route (404/405/501 from a webhook that exists). */
async function sendTestDelivery(s: Services, client: NextmvClient, webhook: Webhook): Promise<Conversation | undefined | 'noRoute'> {
  let conversation: Conversation | undefined;
  try {
    conversation = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending a test delivery to {0}…', webhook.id), cancellable: true },
      (_p, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return client.triggerWebhook(webhook.id, {}, { signal: abort.signal });
      },
    );
  } catch (err) {
    if (!isTriggerNotSupportedError(err)) throw err;
    s.log.info(`${client.baseUrl ?? 'The API'} has no trigger route (HTTP ${err.status ?? '?'}): Trigger Webhook starts runs there from now on`);
    return 'noRoute';
  }
  s.model.invalidate(webhook.id);
  if (!conversation) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nextmv accepted the test delivery to "{0}".', webhook.id));
    return undefined;
  }
  const text = vscode.l10n.t('Test delivery to "{0}": {1}{2}', webhook.id, conversationStatusLabel(conversation), conversation.error ? ` (${conversation.error})` : '');
  if (conversationOutcome(conversation) === 'success') void vscode.window.showInformationMessage(text);
  else void vscode.window.showWarningMessage(text);
  await reveal(s, webhook.id, conversation.id);
  return conversation;
}

function routeMissing(s: Services, root: string): boolean {
  return s.context.globalState.get<string[]>(StateKeys.triggerRouteMissing, []).includes(root);
}

async function rememberRouteMissing(s: Services, root: string): Promise<void> {
  const known = s.context.globalState.get<string[]>(StateKeys.triggerRouteMissing, []);
  if (!known.includes(root)) await s.context.globalState.update(StateKeys.triggerRouteMissing, [...known, root].slice(-20));
}
