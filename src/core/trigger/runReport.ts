import * as l10n from '@vscode/l10n';
/** What Trigger Webhook says while it follows a run, and when it stops: words only, pure. */
import { conversationOutcome, conversationStatusLabel } from '../api/types';
import { userMessageOf } from '../userMessage';
import { capitalize } from '../../shared/text';
import type { FollowResult, RunDelivery } from './followRun';
import { plural } from '../../shared/intl';

export interface RunReportContext {
  readonly runId: string;
  readonly applicationId: string;
  readonly webhookId: string;
  /** the grace period for the final delivery, for the words "within N s" */
  readonly graceMs: number;
}

export interface RunReport {
  readonly severity: 'info' | 'warning' | 'error';
  readonly text: string;
}

/** The progress line: `queued · 1 delivery (200)`. */
export function runProgressText(status: string | undefined, deliveries: readonly RunDelivery[]): string {
  return `${status ?? 'starting'} · ${deliveriesText(deliveries)}`;
}

/** The notification after following ends: how the run ended and what reached the webhook. */
export function runReport(r: FollowResult, ctx: RunReportContext): RunReport {
  const run = l10n.t('Run {0} of "{1}"', ctx.runId, ctx.applicationId);
  const arrived = deliveriesSentence(r.deliveries, ctx.webhookId);
  const failedDelivery = r.deliveries.some((d) => conversationOutcome(d.conversation) !== 'success');
  const later = l10n.t('its deliveries appear under "{0}" when you refresh it.', ctx.webhookId);
  switch (r.end) {
    case 'cancelled':
      return { severity: 'info', text: l10n.t('Stopped following {0} ({1}); {2} The run goes on at Nextmv and uses compute until it ends; {3}', run, r.status ?? 'starting', arrived, later) };
    case 'timeLimit':
      return { severity: 'warning', text: l10n.t('{0} is still {1}: stopped following it. {2} {3}', run, r.status ?? 'starting', arrived, capitalize(later)) };
    case 'failedPolling':
      return { severity: 'error', text: l10n.t('Stopped following {0}: {1} {2} The run goes on at Nextmv; {3}', run, userMessageOf(r.pollError), arrived, later) };
    case 'finished':
    case 'noFinalDelivery': {
      const ended = endedText(r);
      if (!r.deliveries.length) {
        return {
          severity: 'warning',
          text: l10n.t('{0} {1} No run.status delivery about it reached "{2}" within {3} s: check that the webhook subscribes to run.status, then refresh it.', run, ended, ctx.webhookId, Math.round(ctx.graceMs / 1000)),
        };
      }
      const missing = r.end === 'noFinalDelivery' ? l10n.t(' The delivery of "{0}" had not arrived after {1} s; refresh the webhook later.', r.status ?? '', Math.round(ctx.graceMs / 1000)) : '';
      const bad = failedDelivery || r.end === 'noFinalDelivery' || !/^succeeded$/i.test(r.status ?? '');
      return { severity: bad ? 'warning' : 'info', text: `${run} ${ended} ${arrived}${missing}` };
    }
  }
}

function endedText(r: FollowResult): string {
  const status = (r.status ?? '').toLowerCase();
  if (status === 'failed') return l10n.t('failed{0}.', r.runError ? `: ${r.runError.replace(/[.\s]+$/, '')}` : '');
  if (status === 'canceled' || status === 'cancelled') return l10n.t('was canceled.');
  return `${status || 'ended'}.`;
}

/** `3 deliveries to "hook": 200, 200, 401 (1 failed).` */
function deliveriesSentence(deliveries: readonly RunDelivery[], webhookId: string): string {
  if (!deliveries.length) return l10n.t('No delivery to "{0}" yet.', webhookId);
  const failed = deliveries.filter((d) => conversationOutcome(d.conversation) !== 'success').length;
  const labels = deliveries.map((d) => conversationStatusLabel(d.conversation)).join(', ');
  const tail = failed === 0 ? l10n.t('all answered 2xx') : l10n.t('{0} failed', failed);
  return l10n.t('{0} to "{1}": {2} ({3}).', plural(deliveries.length, l10n.t('one={0} run.status delivery|other={0} run.status deliveries', deliveries.length)), webhookId, labels, tail);
}

function deliveriesText(deliveries: readonly RunDelivery[]): string {
  if (!deliveries.length) return l10n.t('no delivery yet');
  return l10n.t('{0} ({1})', plural(deliveries.length, l10n.t('one={0} delivery|other={0} deliveries', deliveries.length)), deliveries.map((d) => conversationStatusLabel(d.conversation)).join(', '));
}
