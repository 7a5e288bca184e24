import * as vscode from 'vscode';
import type { FieldProblem } from '../core/forms/webhookForm';

/**
 * The prompts of multi-step commands, behind an interface so the integration tests can answer them
 * (an injectable prompt layer). 'back' and 'cancel' are values, not errors.
 */
export type StepResult<T> = { readonly kind: 'value'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancel' };

export interface StepInfo {
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}
export interface InputStep extends StepInfo {
  readonly value: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly validate: (value: string) => FieldProblem | undefined;
}
export interface PickItem {
  readonly label: string;
  readonly description?: string;
  /** a second line under the label */
  readonly detail?: string;
  readonly picked?: boolean;
  /** a heading between groups of items, not an item */
  readonly separator?: boolean;
}
export interface PickStep extends StepInfo {
  readonly items: readonly PickItem[];
  readonly placeholder?: string;
  readonly canPickMany: boolean;
}

export interface Prompter {
  input(step: InputStep): Promise<StepResult<string>>;
  pick(step: PickStep): Promise<StepResult<string[]>>;
}

/** The real prompts: VS Code's InputBox and QuickPick with step counts and a Back button. */
export const vscodePrompter: Prompter = {
  input(step) {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      let done = false;
      const finish = (r: StepResult<string>) => {
        if (done) return;
        done = true;
        resolve(r);
        box.dispose();
      };
      Object.assign(box, { title: step.title, step: step.step, totalSteps: step.totalSteps, value: step.value, prompt: step.prompt, placeholder: step.placeholder, ignoreFocusOut: true });
      box.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      const validate = (v: string) => {
        const p = step.validate(v);
        box.validationMessage = p ? { message: p.message, severity: p.severity === 'warning' ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Error } : undefined;
        return p;
      };
      validate(step.value);
      box.onDidChangeValue(validate);
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish({ kind: 'back' }));
      box.onDidAccept(() => {
        const p = validate(box.value);
        if (!p || p.severity === 'warning') finish({ kind: 'value', value: box.value.trim() });
      });
      box.onDidHide(() => finish({ kind: 'cancel' }));
      box.show();
    });
  },
  pick(step) {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
      let done = false;
      const finish = (r: StepResult<string[]>) => {
        if (done) return;
        done = true;
        resolve(r);
        qp.dispose();
      };
      const items = step.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, picked: i.picked, ...(i.separator ? { kind: vscode.QuickPickItemKind.Separator } : {}) }));
      Object.assign(qp, { title: step.title, step: step.step, totalSteps: step.totalSteps, placeholder: step.placeholder, canSelectMany: step.canPickMany, matchOnDescription: true, ignoreFocusOut: true, items });
      qp.selectedItems = items.filter((i) => i.picked);
      qp.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
      qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && finish({ kind: 'back' }));
      qp.onDidAccept(() => {
        const chosen = step.canPickMany ? qp.selectedItems : qp.activeItems.slice(0, 1);
        if (chosen.length) finish({ kind: 'value', value: chosen.map((i) => i.label) });
      });
      qp.onDidHide(() => finish({ kind: 'cancel' }));
      qp.show();
    });
  },
};
