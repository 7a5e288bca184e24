/** Checks a webhook body from POST/PUT the way the fake's API does; messages say exactly what is wrong. */

export const KNOWN_EVENT_TYPES = ['run.status'];
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MANAGED_FIELDS = new Set(['id', 'event_types', 'endpoint_url', 'description', 'created_at', 'updated_at', 'secret']);

export interface WebhookFields {
  id: string;
  event_types: string[];
  endpoint_url: string;
  description: string;
  extra: Record<string, unknown>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses request text as a JSON object. */
export function parseJsonObject(text: string): Checked<Record<string, unknown>> {
  if (text.trim() === '') return { ok: false, error: 'the request body is empty; send a JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `the request body is not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'the request body must be a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

export function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id === '') return 'id is required: 1 to 64 letters, digits, "-" or "_"';
  if (!ID_PATTERN.test(id)) return `id "${id}" is invalid: use 1 to 64 letters, digits, "-" or "_"`;
  return undefined;
}

/**
 * The fields of a create (id from the body) or a replace (id from the path; a body id must match).
 * Omitted fields get their defaults: PUT replaces the whole webhook.
 */
export function checkWebhookBody(body: Record<string, unknown>, pathId?: string): Checked<WebhookFields> {
  const id = pathId ?? body.id;
  if (pathId !== undefined && body.id !== undefined && body.id !== pathId) return { ok: false, error: `id "${String(body.id)}" in the body does not match "${pathId}" in the URL; ids cannot be changed` };
  const badId = idProblem(id);
  if (badId) return { ok: false, error: badId };

  const url = body.endpoint_url;
  if (typeof url !== 'string' || url === '') return { ok: false, error: 'endpoint_url is required: an absolute http:// or https:// URL' };
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    return { ok: false, error: `endpoint_url "${url}" is not an absolute http:// or https:// URL` };
  }

  let eventTypes: string[] = ['run.status'];
  if (body.event_types !== undefined && body.event_types !== null) {
    if (!Array.isArray(body.event_types) || body.event_types.some((t) => typeof t !== 'string')) return { ok: false, error: 'event_types must be an array of strings' };
    if (body.event_types.length === 0) return { ok: false, error: `event_types must list at least one event type (known: ${KNOWN_EVENT_TYPES.join(', ')})` };
    const unknown = (body.event_types as string[]).find((t) => !KNOWN_EVENT_TYPES.includes(t));
    if (unknown !== undefined) return { ok: false, error: `unknown event type "${unknown}"; supported: ${KNOWN_EVENT_TYPES.join(', ')}` };
    eventTypes = [...new Set(body.event_types as string[])];
  }

  const description = body.description ?? '';
  if (typeof description !== 'string') return { ok: false, error: 'description must be a string' };
  if (description.length > 2000) return { ok: false, error: 'description is longer than 2000 characters' };

  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!MANAGED_FIELDS.has(k)) extra[k] = v;
  return { ok: true, value: { id: id as string, event_types: eventTypes, endpoint_url: url, description, extra } };
}

export interface RunFields {
  instanceId: string;
  name: string;
  description: string;
  options: Record<string, string>;
  configuration?: Record<string, unknown>;
  /** bytes of the input as JSON */
  inputSize: number;
  /** `{"fail": true}` in an object input, or the option `fail` = "true" */
  willFail: boolean;
}

const INSTANCE_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The body of POST /v1/applications/{app_id}/runs as the SDK sends it:
 * `{"input": <any JSON>, "name"?, "description"?, "options"?: {string: string}, "configuration"?: {…}}`.
 * Other fields are ignored (the real API knows more of them).
 */
export function checkRunBody(body: Record<string, unknown>, instanceParam: string | null): Checked<RunFields> {
  const instanceId = instanceParam === null || instanceParam === '' ? 'latest' : instanceParam;
  if (!INSTANCE_PATTERN.test(instanceId)) return { ok: false, error: `instance_id "${instanceId}" is invalid: use 1 to 64 letters, digits, ".", "-" or "_"` };
  if (!('input' in body)) return { ok: false, error: 'input is required: the run\'s input, any JSON value, e.g. {"input": {"stops": []}}' };
  if (body.input === null) return { ok: false, error: 'input is null: send the run\'s input, any JSON value other than null' };
  for (const key of ['name', 'description'] as const) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string') return { ok: false, error: `${key} must be a string` };
  }
  const options: Record<string, string> = {};
  if (body.options !== undefined && body.options !== null) {
    if (typeof body.options !== 'object' || Array.isArray(body.options)) return { ok: false, error: `options must be a JSON object of strings, e.g. {"solve.duration": "10s"}; got ${Array.isArray(body.options) ? 'an array' : `a ${typeof body.options}`}` };
    for (const [k, v] of Object.entries(body.options as Record<string, unknown>)) {
      if (typeof v !== 'string') {
        const kind = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
        return { ok: false, error: `options must map names to strings: options.${k} is ${kind}; send it as a string, e.g. ${JSON.stringify(JSON.stringify(v))}` };
      }
      options[k] = v;
    }
  }
  let configuration: Record<string, unknown> | undefined;
  if (body.configuration !== undefined && body.configuration !== null) {
    if (typeof body.configuration !== 'object' || Array.isArray(body.configuration)) return { ok: false, error: 'configuration must be a JSON object' };
    configuration = body.configuration as Record<string, unknown>;
  }
  const input = body.input;
  const asksToFail = typeof input === 'object' && input !== null && !Array.isArray(input) && (input as Record<string, unknown>).fail === true;
  return {
    ok: true,
    value: {
      instanceId,
      name: typeof body.name === 'string' ? body.name : '',
      description: typeof body.description === 'string' ? body.description : '',
      options,
      configuration,
      inputSize: Buffer.byteLength(JSON.stringify(input)),
      willFail: asksToFail || options.fail === 'true',
    },
  };
}
