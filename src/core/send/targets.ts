import * as l10n from '@vscode/l10n';
/**
 * The targets a webhook has been sent to from VS Code, most recent first, and the list the target prompt
 * offers: those, then the webhook's endpoint, then the local handler a template serves by default.
 */
import { LOCAL_HANDLER_SUGGESTION, checkTarget } from './target';

/** How many targets are remembered per webhook. */
export const MAX_REMEMBERED_TARGETS = 5;

/** `url` moved (or added) to the front of `list`, which is cut to MAX_REMEMBERED_TARGETS. */
export function rememberTarget(list: readonly string[], url: string, max = MAX_REMEMBERED_TARGETS): string[] {
  return [url, ...list.filter((u) => u !== url)].slice(0, max);
}

export type TargetChoiceKind = 'remembered' | 'endpoint' | 'suggestion';

export interface TargetChoice {
  readonly url: string;
  readonly kind: TargetChoiceKind;
  /** for a person, beside the URL */
  readonly description: string;
  /** on this machine (no confirmation needed) */
  readonly loopback: boolean;
}

/**
 * Remembered targets first (most recent first), then the webhook's endpoint, then — when nothing on this
 * machine is among them — the default local handler; each URL once, unusable ones left out.
 */
export function targetChoices(o: { readonly remembered: readonly string[]; readonly endpoint?: string }): TargetChoice[] {
  const out: TargetChoice[] = [];
  const add = (url: string | undefined, kind: TargetChoiceKind, description: string) => {
    const check = url === undefined ? undefined : checkTarget(url);
    if (!check?.ok || out.some((c) => c.url === check.url)) return;
    const isEndpoint = kind !== 'endpoint' && check.url === endpointUrl;
    out.push({ url: check.url, kind, description: isEndpoint ? l10n.t('{0} · the webhook\'s endpoint', description) : description, loopback: check.loopback });
  };
  const endpointCheck = o.endpoint === undefined ? undefined : checkTarget(o.endpoint);
  const endpointUrl = endpointCheck?.ok ? endpointCheck.url : undefined;
  o.remembered.forEach((url, i) => add(url, 'remembered', i === 0 ? l10n.t('sent to last time') : l10n.t('sent to before')));
  add(endpointUrl, 'endpoint', l10n.t('the webhook\'s endpoint'));
  if (!out.some((c) => c.loopback)) add(LOCAL_HANDLER_SUGGESTION, 'suggestion', l10n.t('a handler from New Webhook Handler…, run with its defaults'));
  return out;
}
