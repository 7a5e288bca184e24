import type { InputStep, PickStep, Prompter, StepResult } from '../../../src/common/prompter';

export type ScriptedAnswer = string | string[] | 'BACK' | 'CANCEL' | ((step: InputStep | PickStep) => StepResult<string> | StepResult<string[]>);

/**
 * Answers multi-step inputs from a script, in order, and records every step it was shown (title, step
 * counts, prefilled value, validation of the answer) so tests can assert on them.
 */
export class ScriptedPrompter implements Prompter {
  readonly shown: { kind: 'input' | 'pick'; step: InputStep | PickStep; problem?: string }[] = [];
  constructor(private readonly script: ScriptedAnswer[]) {}

  async input(step: InputStep): Promise<StepResult<string>> {
    const a = this.next(step);
    if (typeof a === 'function') return a(step) as StepResult<string>;
    const entry: { kind: 'input'; step: InputStep; problem?: string } = { kind: 'input', step };
    this.shown.push(entry);
    if (a === 'BACK') return { kind: 'back' };
    if (a === 'CANCEL') return { kind: 'cancel' };
    const value = Array.isArray(a) ? a.join(',') : a;
    const problem = step.validate(value);
    entry.problem = problem?.message;
    // like the real input box: an error keeps the box open, so the script must answer again
    if (problem?.severity === 'error') return this.input(step);
    return { kind: 'value', value };
  }

  async pick(step: PickStep): Promise<StepResult<string[]>> {
    const a = this.next(step);
    if (typeof a === 'function') return a(step) as StepResult<string[]>;
    this.shown.push({ kind: 'pick', step });
    if (a === 'BACK') return { kind: 'back' };
    if (a === 'CANCEL') return { kind: 'cancel' };
    return { kind: 'value', value: Array.isArray(a) ? a : [a] };
  }

  get remaining(): number {
    return this.script.length;
  }

  private next(step: InputStep | PickStep): ScriptedAnswer {
    if (!this.script.length) throw new Error(`no scripted answer left for step ${step.step}/${step.totalSteps} of "${step.title}"`);
    return this.script.shift()!;
  }
}
