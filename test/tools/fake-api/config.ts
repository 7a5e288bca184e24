/** The fake's defaults, and checking of configuration and fault specs that arrive as JSON. */
import { type FakeConfig, type FaultSpec, ROUTE_NAMES, type RouteName } from './types';

export const DEFAULT_CONFIG: Readonly<FakeConfig> = {
  envelope: 'items',
  paginate: false,
  pageSize: 100,
  cursorField: 'next_page_token',
  signatureUnit: 'seconds',
  createStatus: 201,
  deleteStatus: 204,
  // off like the real API may be: Nextmv fires run.status when a run changes status (POST .../runs)
  triggerEnabled: false,
  deliveryTimeoutMs: 10_000,
  latencyMs: 0,
  runPaceMs: 300,
};

/** A configuration or fault the fake refuses; the control routes answer 400 with its message. */
export class ConfigError extends Error {}

/** `base` with the fields of `patch` applied, each checked. Unknown fields are refused (typos show up). */
export function applyConfigPatch(base: Readonly<FakeConfig>, patch: unknown): FakeConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new ConfigError('config must be a JSON object');
  const next: FakeConfig = { ...base };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    switch (key) {
      case 'envelope':
        next.envelope = oneOf(key, value, ['items', 'array', 'named'] as const);
        break;
      case 'paginate':
        next.paginate = bool(key, value);
        break;
      case 'pageSize':
        next.pageSize = int(key, value, 1, 10_000);
        break;
      case 'cursorField':
        next.cursorField = oneOf(key, value, ['next_page_token', 'cursor', 'next'] as const);
        break;
      case 'signatureUnit':
        next.signatureUnit = oneOf(key, value, ['seconds', 'milliseconds'] as const);
        break;
      case 'createStatus':
        next.createStatus = oneOf(key, value, [200, 201] as const);
        break;
      case 'deleteStatus':
        next.deleteStatus = oneOf(key, value, [200, 204] as const);
        break;
      case 'triggerEnabled':
        next.triggerEnabled = bool(key, value);
        break;
      case 'deliveryTimeoutMs':
        next.deliveryTimeoutMs = int(key, value, 1, 600_000);
        break;
      case 'latencyMs':
        next.latencyMs = int(key, value, 0, 600_000);
        break;
      case 'runPaceMs':
        next.runPaceMs = int(key, value, 0, 600_000);
        break;
      default:
        throw new ConfigError(`unknown config field "${key}"; known: ${Object.keys(DEFAULT_CONFIG).join(', ')}`);
    }
  }
  return next;
}

const FAULT_FIELDS = ['route', 'latencyMs', 'status', 'retryAfter', 'body', 'reset', 'stall', 'malformedJson', 'hugeBodyBytes', 'times', 'handled'];

export function parseFault(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('a fault must be a JSON object');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!FAULT_FIELDS.includes(key)) throw new ConfigError(`unknown fault field "${key}"; known: ${FAULT_FIELDS.join(', ')}`);
  const fault: FaultSpec = {};
  if (v.route !== undefined) fault.route = v.route === '*' ? '*' : oneOf('route', v.route, ROUTE_NAMES as readonly RouteName[]);
  if (v.latencyMs !== undefined) fault.latencyMs = int('latencyMs', v.latencyMs, 0, 600_000);
  if (v.status !== undefined) fault.status = int('status', v.status, 100, 599);
  if (v.retryAfter !== undefined) {
    if (typeof v.retryAfter !== 'number' && typeof v.retryAfter !== 'string') throw new ConfigError('retryAfter must be a number or a string');
    fault.retryAfter = v.retryAfter;
  }
  if (v.body !== undefined) {
    if (typeof v.body !== 'string') throw new ConfigError('body must be a string');
    fault.body = v.body;
  }
  if (v.reset !== undefined) fault.reset = bool('reset', v.reset);
  if (v.stall !== undefined) fault.stall = bool('stall', v.stall);
  if (v.malformedJson !== undefined) fault.malformedJson = bool('malformedJson', v.malformedJson);
  if (v.hugeBodyBytes !== undefined) fault.hugeBodyBytes = int('hugeBodyBytes', v.hugeBodyBytes, 64, 2 ** 31);
  if (v.times !== undefined) fault.times = int('times', v.times, 1, 1_000_000);
  if (v.handled !== undefined) fault.handled = bool('handled', v.handled);
  const effects = [fault.status !== undefined, fault.reset, fault.stall, fault.malformedJson, fault.hugeBodyBytes !== undefined].filter(Boolean).length;
  if (effects > 1) throw new ConfigError('a fault has at most one of status, reset, stall, malformedJson, hugeBodyBytes (latencyMs combines with any)');
  if (effects === 0 && fault.latencyMs === undefined) throw new ConfigError('a fault needs an effect: latencyMs, status, reset, stall, malformedJson or hugeBodyBytes');
  if (fault.handled && effects === 0) throw new ConfigError('handled needs an answer to replace the real one: status, reset, stall, malformedJson or hugeBodyBytes');
  return fault;
}

function oneOf<T extends string | number>(key: string, value: unknown, allowed: readonly T[]): T {
  // numbers may arrive as strings from the command line
  const candidate = typeof allowed[0] === 'number' && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!allowed.includes(candidate as T)) throw new ConfigError(`${key} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  return candidate as T;
}

function bool(key: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ConfigError(`${key} must be true or false`);
}

function int(key: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${key} must be an integer from ${min} to ${max}`);
  return n;
}
