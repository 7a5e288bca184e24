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
