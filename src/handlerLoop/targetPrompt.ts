/**
 * Asks where to send: a quick input that lists the remembered targets and the webhook's endpoint first and
 * takes a typed URL (checked as it is typed), with one more entry that switches the unit of t between the
 * delivery's and the other. Behind an interface so the integration tests can answer it.
 */
import * as vscode from 'vscode';
import { checkTarget } from '../core/send/target';
import type { TargetChoice } from '../core/send/targets';
import type { TimestampUnit } from '../shared/vocabulary';

export interface TargetQuestion {
  /** what is sent, for the title: `conversation conv-8f3a2c`, `the text of request.json` */
  readonly what: string;
  readonly choices: readonly TargetChoice[];
  /** the unit of t the signature gets unless the user switches it (the delivery's) */
  readonly unit: TimestampUnit;
}

export interface TargetAnswer {
  /** checked: an http(s) URL */
  readonly url: string;
  readonly unit: TimestampUnit;
}

/** undefined: cancelled */
export type TargetPrompt = (question: TargetQuestion) => Promise<TargetAnswer | undefined>;

interface Item extends vscode.QuickPickItem {
  readonly url?: string;
  readonly typed?: boolean;
  readonly switchUnit?: boolean;
}

const otherUnit = (unit: TimestampUnit): TimestampUnit => (unit === 'seconds' ? 'milliseconds' : 'seconds');

export const askForTarget: TargetPrompt = (q) =>
  new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item>();
    let unit = q.unit;
    let done = false;
    const finish = (answer: TargetAnswer | undefined) => {
      if (done) return;
      done = true;
      resolve(answer);
      qp.dispose();
    };
    const render = () => {
      qp.title = vscode.l10n.t('Send {0} to… (signed with t = now, in {1})', q.what, unit);
      const typed = qp.value.trim();
      const items: Item[] = [];
      if (typed && !q.choices.some((c) => c.url === typed)) {
        const check = checkTarget(typed);
        items.push(
          check.ok
            ? { label: typed, description: check.loopback ? vscode.l10n.t('send to this URL (this machine)') : vscode.l10n.t('send to this URL'), url: check.url, typed: true, alwaysShow: true }
            : { label: vscode.l10n.t('$(error) {0}', typed), description: vscode.l10n.t('cannot be sent to'), detail: check.problem, typed: true, alwaysShow: true },
        );
      }
      items.push(...q.choices.map((c): Item => ({ label: c.url, description: c.description, url: c.url })));
      items.push(
        { label: vscode.l10n.t('Signature'), kind: vscode.QuickPickItemKind.Separator },
        {
          label: vscode.l10n.t('$(clock) Sign with t in {0} instead', otherUnit(unit)),
          description: unit === q.unit ? vscode.l10n.t('the delivery\'s t is in {0}', q.unit) : vscode.l10n.t('back to {0}, the unit of the delivery', q.unit),
          switchUnit: true,
          alwaysShow: true,
        },
      );
      qp.items = items;
    };
    qp.placeholder = vscode.l10n.t('Type a URL (http:// or https://) or pick one');
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    render();
    qp.onDidChangeValue(render);
    qp.onDidAccept(() => {
      const item = qp.activeItems[0];
      if (!item) return;
      if (item.switchUnit) {
        unit = otherUnit(unit);
        render();
        return;
      }
      // an unusable typed URL keeps the input open, its problem shown under it
      if (item.url) finish({ url: item.url, unit });
    });
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
