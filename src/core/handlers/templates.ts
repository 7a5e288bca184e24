import * as l10n from '@vscode/l10n';
/**
 * Webhook handler templates: the runnable files shipped under media/handlers/, and filling one with the
 * user's endpoint path and secret env var name. Pure: the caller reads the file and writes the result.
 *
 * Each template declares its two settings as constants on lines marked `[template:path]` and
 * `[template:env]`; filling replaces the quoted value on those lines, and the default path and env var
 * name where the header comment mentions them (run command, "Serves:" line), so the file stays consistent.
 */

/** Nextmv's tutorial path and the env var every template reads the signing secret from, by default. */
export const DEFAULT_HANDLER_PATH = '/webhookhandler';
export const DEFAULT_SECRET_ENV_VAR = 'NEXTMV_WEBHOOK_SECRET';

export const HANDLER_TEMPLATES = [
  {
    id: 'python-fastapi',
    label: 'Python (FastAPI)',
    languageId: 'python',
    file: 'python-fastapi/main.py',
    install: 'pip install fastapi uvicorn',
    run: 'python3 -m uvicorn main:app --port ${PORT:-8000}',
  },
  {
    id: 'node',
    label: 'Node.js (node:http, no framework)',
    languageId: 'javascript',
    file: 'node/handler.mjs',
    install: null,
    run: 'node handler.mjs',
  },
  {
    id: 'express',
    label: 'Node.js (Express)',
    languageId: 'javascript',
    file: 'express/handler.mjs',
    install: 'npm install express',
    run: 'node handler.mjs',
  },
  {
    id: 'go',
    label: 'Go (net/http, standard library)',
    languageId: 'go',
    file: 'go/handler.go',
    install: null,
    run: 'go run handler.go',
  },
] as const;

export type HandlerTemplate = (typeof HANDLER_TEMPLATES)[number];
export type HandlerTemplateId = HandlerTemplate['id'];

export function findHandlerTemplate(id: string): HandlerTemplate | undefined {
  return HANDLER_TEMPLATES.find((t) => t.id === id);
}

/** The file name to save a template as (the run command refers to it: main.py, handler.mjs, handler.go). */
export function templateFileName(template: HandlerTemplate): string {
  return template.file.slice(template.file.lastIndexOf('/') + 1);
}

/**
 * Why `path` cannot be a handler's endpoint path, or undefined when it can. Beyond the string-literal
 * rules (no quotes, backslashes, newlines), only literal path characters are allowed: FastAPI, Express
 * and Go's newer ServeMux read `{…}`, `:name` and `*` as parameters, and `?`/`#` end a path.
 */
export function endpointPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return l10n.t('The path must start with "/".');
  if (/["'`\\\r\n]/.test(path)) return l10n.t('The path must not contain quotes, backslashes or line breaks.');
  const bad = /[^A-Za-z0-9._~/-]/.exec(path);
  if (bad) return l10n.t('The path may contain only letters, digits, "/", "-", "_", "." and "~" (not "{0}").', bad[0] === ' ' ? l10n.t('a space') : bad[0]);
  if (path.includes('//')) return l10n.t('The path must not contain "//".');
  return undefined;
}

/** Why `name` cannot be the secret's env var name, or undefined when it can. */
export function envVarNameProblem(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) return l10n.t('Use capital letters, digits and "_", not starting with a digit (e.g. NEXTMV_WEBHOOK_SECRET).');
  return undefined;
}

export interface TemplateSettings {
  /** the endpoint path the handler serves, e.g. "/webhookhandler" */
  readonly path: string;
  /** the env var the handler reads the signing secret from, e.g. "NEXTMV_WEBHOOK_SECRET" */
  readonly envVar: string;
}

/**
 * The template's text with its marked path and env var constants set to `settings`, and the defaults
 * replaced where the comments mention them. Throws when a setting is invalid (see endpointPathProblem /
 * envVarNameProblem) or the text lacks exactly one line marked for each setting.
 */
export function fillHandlerTemplate(text: string, settings: TemplateSettings): string {
  const pathProblem = endpointPathProblem(settings.path);
  if (pathProblem) throw new Error(`Invalid endpoint path "${settings.path}": ${pathProblem}`);
  const envProblem = envVarNameProblem(settings.envVar);
  if (envProblem) throw new Error(`Invalid env var name "${settings.envVar}": ${envProblem}`);

  // First the mentions in comments, in one pass over the original text (so a new path that contains the
  // default, like /api/webhookhandler, is not replaced again): the whole default path, the whole name.
  let filled = text.replace(new RegExp(`${escapeRegExp(DEFAULT_HANDLER_PATH)}(?![A-Za-z0-9._~/-])`, 'g'), () => settings.path);
  filled = filled.replace(new RegExp(`(?<![A-Za-z0-9_])${DEFAULT_SECRET_ENV_VAR}(?![A-Za-z0-9_])`, 'g'), () => settings.envVar);
  // Then the constants themselves, whatever their current value.
  filled = setMarkedValue(filled, 'path', settings.path);
  filled = setMarkedValue(filled, 'env', settings.envVar);
  return filled;
}

/** Replaces the first quoted string on the one line carrying `[template:<marker>]`. */
function setMarkedValue(text: string, marker: 'path' | 'env', value: string): string {
  const line = new RegExp(`^(.*?)(["'])[^"'\\\\\\r\\n]*\\2(.*\\[template:${marker}\\].*)$`, 'gm');
  const count = text.match(line)?.length ?? 0;
  if (count !== 1) throw new Error(`The template has ${count} lines marked [template:${marker}] with a quoted value; expected exactly 1.`);
  // A replacer function: `value` is inserted literally ("$&" in it stays "$&").
  return text.replace(line, (_all, before: string, quote: string, after: string) => `${before}${quote}${value}${quote}${after}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
