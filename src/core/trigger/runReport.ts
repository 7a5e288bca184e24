/** What Trigger Webhook says while it follows a run, and when it stops: words only, pure. */
import { conversationOutcome, conversationStatusLabel } from '../api/types';
import { userMessageOf } from '../userMessage';
import { capitalize } from '../../shared/text';
import type { FollowResult, RunDelivery } from './followRun';

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
  const run = `Run ${ctx.runId} of "${ctx.applicationId}"`;
  const arrived = deliveriesSentence(r.deliveries, ctx.webhookId);
  const failedDelivery = r.deliveries.some((d) => conversationOutcome(d.conversation) !== 'success');
  const later = `its deliveries appear under "${ctx.webhookId}" when you refresh it.`;
  switch (r.end) {
    case 'cancelled':
      return { severity: 'info', text: `Stopped following ${run} (${r.status ?? 'starting'}); ${arrived} The run goes on at Nextmv and uses compute until it ends; ${later}` };
    case 'timeLimit':
      return { severity: 'warning', text: `${run} is still ${r.status ?? 'starting'}: stopped following it. ${arrived} ${capitalize(later)}` };
    case 'failedPolling':
      return { severity: 'error', text: `Stopped following ${run}: ${userMessageOf(r.pollError)} ${arrived} The run goes on at Nextmv; ${later}` };
    case 'finished':
    case 'noFinalDelivery': {
      const ended = endedText(r);
      if (!r.deliveries.length) {
        return {
          severity: 'warning',
          text: `${run} ${ended} No run.status delivery about it reached "${ctx.webhookId}" within ${Math.round(ctx.graceMs / 1000)} s: check that the webhook subscribes to run.status, then refresh it.`,
        };
      }
      const missing = r.end === 'noFinalDelivery' ? ` The delivery of "${r.status}" had not arrived after ${Math.round(ctx.graceMs / 1000)} s; refresh the webhook later.` : '';
      const bad = failedDelivery || r.end === 'noFinalDelivery' || !/^succeeded$/i.test(r.status ?? '');
      return { severity: bad ? 'warning' : 'info', text: `${run} ${ended} ${arrived}${missing}` };
    }
  }
}

function endedText(r: FollowResult): string {
  const status = (r.status ?? '').toLowerCase();
  if (status === 'failed') return `failed${r.runError ? `: ${r.runError.replace(/[.\s]+$/, '')}` : ''}.`;
  if (status === 'canceled' || status === 'cancelled') return 'was canceled.';
  return `${status || 'ended'}.`;
}

/** `3 deliveries to "hook": 200, 200, 401 (1 failed).` */
function deliveriesSentence(deliveries: readonly RunDelivery[], webhookId: string): string {
  if (!deliveries.length) return `No delivery to "${webhookId}" yet.`;
  const failed = deliveries.filter((d) => conversationOutcome(d.conversation) !== 'success').length;
  const labels = deliveries.map((d) => conversationStatusLabel(d.conversation)).join(', ');
  const tail = failed === 0 ? 'all answered 2xx' : `${failed} failed`;
  return `${count(deliveries.length, 'run.status delivery', 'run.status deliveries')} to "${webhookId}": ${labels} (${tail}).`;
}

function deliveriesText(deliveries: readonly RunDelivery[]): string {
  if (!deliveries.length) return 'no delivery yet';
  return `${count(deliveries.length, 'delivery', 'deliveries')} (${deliveries.map((d) => conversationStatusLabel(d.conversation)).join(', ')})`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
