/**
 * The steps of Trigger Webhook, with step counts and Back: how (start a run, or the /trigger test delivery
 * where the API has it) → application → input → instance. Reading the input happens in its step, so JSON
 * that does not parse is said at once (one message naming the file), and nothing is sent.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Application } from '../core/api';
import { parseRunInput } from '../core/trigger/runInput';
import { formatBytes } from '../shared/text';
import type { Prompter, StepResult } from '../common/prompter';

export const START_RUN = vscode.l10n.t('Start a run');
export const TEST_DELIVERY = vscode.l10n.t('Send a test delivery');
export const INPUT_FILE = vscode.l10n.t('JSON file…');
export const INPUT_EMPTY = vscode.l10n.t('Empty input {}');
const ACTIVE_EDITOR = vscode.l10n.t('Active editor: ');

/** Inputs this large are for the Nextmv CLI, which uploads them; reading them into a request here is not. */
const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export interface TriggerChoice {
  readonly mode: 'run' | 'test';
  readonly appId: string;
  readonly input: unknown;
  /** what the input was, for messages: a file's name, or "the empty input {}" */
  readonly inputSource: string;
  /** empty: the application's default instance */
  readonly instanceId: string;
}

export interface TriggerStepsOptions {
  readonly prompter: Prompter;
  readonly webhookId: string;
  /** offer the /trigger test delivery as a first step (not where the API is known to lack the route) */
  readonly offerTestDelivery: boolean;
  readonly applications: () => Promise<readonly Application[]>;
  /** answers kept from an earlier go (Change and Retry, Trigger Again) */
  readonly previous?: Partial<Pick<TriggerChoice, 'appId' | 'instanceId'>>;
}

/** The user's choices, or undefined when cancelled (or when no application is there to run). */
export async function runTriggerSteps(o: TriggerStepsOptions): Promise<TriggerChoice | undefined> {
  const title = vscode.l10n.t('Trigger "{0}" — a run uses your Nextmv account\'s compute', o.webhookId);
  const v = { mode: 'run' as TriggerChoice['mode'], appId: o.previous?.appId ?? '', input: undefined as unknown, inputSource: '', instanceId: o.previous?.instanceId ?? '' };
  let apps: readonly Application[] | undefined;
  const steps: ((step: number, totalSteps: number) => Promise<StepResult<unknown>>)[] = [];
  if (o.offerTestDelivery) {
    steps.push(async (step, totalSteps) => {
      const r = await o.prompter.pick({
        title, step, totalSteps, canPickMany: false, placeholder: vscode.l10n.t('How should Nextmv send a delivery?'),
        items: [
          { label: START_RUN, description: vscode.l10n.t('uses your account\'s compute'), detail: vscode.l10n.t('Nextmv sends run.status to the webhook at each status change, as it does in production') },
          { label: TEST_DELIVERY, description: 'POST …/trigger', detail: vscode.l10n.t('One test delivery, where this API offers the route (Nextmv Cloud does not document one)') },
        ],
      });
      if (r.kind === 'value') v.mode = r.value[0] === TEST_DELIVERY ? 'test' : 'run';
      return r;
    });
  }
  steps.push(
    async (step, totalSteps) => {
      apps ??= await o.applications();
      if (!apps.length) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('No application is visible with this API key. Runs of an application are what make Nextmv send run.status: create one in Nextmv Console (or with the Nextmv CLI), then trigger again.'),
        );
        return { kind: 'cancel' };
      }
      // the application used last comes first
      const ordered = [...apps].sort((a, b) => Number(b.id === v.appId) - Number(a.id === v.appId));
      const r = await o.prompter.pick({
        title, step, totalSteps, canPickMany: false, placeholder: vscode.l10n.t('The application to run'),
        items: ordered.map((a) => ({ label: a.id, description: a.name || undefined, detail: a.description || undefined })),
      });
      if (r.kind === 'value') v.appId = r.value[0];
      return r;
    },
    async (step, totalSteps) => {
      for (;;) {
        const editor = jsonEditor();
        const r = await o.prompter.pick({
          title, step, totalSteps, canPickMany: false, placeholder: vscode.l10n.t('The run\'s input'),
          items: [
            ...(editor ? [{ label: `${ACTIVE_EDITOR}${nameOf(editor.document)}`, description: vscode.l10n.t('its text, saved or not') }] : []),
            { label: INPUT_FILE, description: vscode.l10n.t('choose a file') },
            { label: INPUT_EMPTY, description: vscode.l10n.t('the smallest input; the application may reject it') },
          ],
        });
        if (r.kind !== 'value') return r;
        const read = await readInput(r.value[0], editor?.document);
        if (read === 'again') continue;
        if (!read.ok) {
          // one message, naming the file and what is wrong; the steps may go on with another input
          const choice = await vscode.window.showErrorMessage(read.message, vscode.l10n.t('Choose Another Input'));
          if (choice === vscode.l10n.t('Choose Another Input')) continue;
          return { kind: 'cancel' };
        }
        v.input = read.value;
        v.inputSource = read.source;
        return r;
      }
    },
    async (step, totalSteps) => {
      const app = apps?.find((a) => a.id === v.appId);
      const r = await o.prompter.input({
        title, step, totalSteps, value: v.instanceId,
        prompt: vscode.l10n.t('The instance to run (optional). Empty: the application\'s default{0}.', app?.defaultInstanceId ? ` (${app.defaultInstanceId})` : vscode.l10n.t(', usually latest')),
        placeholder: app?.defaultInstanceId ?? 'latest',
        validate: instanceIdProblem,
      });
      if (r.kind === 'value') v.instanceId = r.value;
      return r;
    },
  );
  let i = 0;
  while (i < steps.length) {
    const r = await steps[i](i + 1, steps.length);
    if (r.kind === 'cancel') return undefined;
    if (v.mode === 'test') return { ...v, mode: 'test' };
    i = r.kind === 'back' ? Math.max(0, i - 1) : i + 1;
  }
  return v;
}

function instanceIdProblem(value: string) {
  const id = value.trim();
  if (/\s/.test(id)) return { severity: 'error' as const, message: vscode.l10n.t('An instance id has no spaces, e.g. latest or prod.') };
  if (id.length > 128) return { severity: 'error' as const, message: vscode.l10n.t('An instance id has at most 128 characters (this one has {0}).', id.length) };
  return undefined;
}

/** The editor whose JSON is offered: the active one if it holds JSON, else a visible JSON editor (a webview may be active). */
function jsonEditor(): vscode.TextEditor | undefined {
  const isJson = (e: vscode.TextEditor | undefined) => !!e && (['json', 'jsonc'].includes(e.document.languageId) || /\.json$/i.test(e.document.fileName));
  const active = vscode.window.activeTextEditor;
  if (isJson(active)) return active;
  return vscode.window.visibleTextEditors.find(isJson);
}

function nameOf(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.uri.path : path.basename(doc.fileName);
}

type ReadInput = { ok: true; value: unknown; source: string } | { ok: false; message: string } | 'again';

async function readInput(label: string, editorDoc: vscode.TextDocument | undefined): Promise<ReadInput> {
  if (label === INPUT_EMPTY) return { ok: true, value: {}, source: 'the empty input {}' };
  if (label.startsWith(ACTIVE_EDITOR) && editorDoc) return withSource(parseRunInput(editorDoc.getText(), nameOf(editorDoc)), nameOf(editorDoc));
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use as Input'), title: vscode.l10n.t('The run\'s input'), filters: { JSON: ['json'], 'All files': ['*'] } })) ?? [];
  if (!uri) return 'again';
  const name = path.basename(uri.path);
  try {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_INPUT_BYTES) {
      return { ok: false, message: vscode.l10n.t('{0} is {1}: start runs with inputs over {2} with the Nextmv CLI. Nothing was sent.', name, formatBytes(size), formatBytes(MAX_INPUT_BYTES)) };
    }
    return withSource(parseRunInput(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), name), name);
  } catch (err) {
    return { ok: false, message: vscode.l10n.t('{0} could not be read ({1}). Nothing was sent.', name, err instanceof Error ? err.message : String(err)) };
  }
}

function withSource(r: ReturnType<typeof parseRunInput>, source: string): ReadInput {
  return r.ok ? { ok: true, value: r.value, source } : r;
}
