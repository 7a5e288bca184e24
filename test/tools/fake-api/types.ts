/** Shapes shared by the fake Nextmv Cloud server's modules: its configuration, faults and stored data. */
import type { RunStatus } from './events';

/** How list responses are wrapped: `{"items": […]}`, a bare array, or `{"webhooks": […]}` / `{"conversations": […]}`. */
export type Envelope = 'items' | 'array' | 'named';
/** Where the next-page cursor goes in a paged list; `next` carries a relative URL instead of a token. */
export type CursorField = 'next_page_token' | 'cursor' | 'next';
/** The unit of `t` in Nextmv-Signature (the docs disagree with themselves). */
export type SignatureUnit = 'seconds' | 'milliseconds';

/** What can change at run time (start options, CLI flags, POST /_fake/config). */
export interface FakeConfig {
  envelope: Envelope;
  /** serve lists in pages of `pageSize` (`?limit=` overrides) with a cursor; off = everything at once */
  paginate: boolean;
  pageSize: number;
  cursorField: CursorField;
  signatureUnit: SignatureUnit;
  createStatus: 200 | 201;
  deleteStatus: 200 | 204;
  /** POST /v1/webhooks/{id}/trigger exists; off (default) = 404, as the real API may answer */
  triggerEnabled: boolean;
  /** how long a run stays in each status before it moves on (queued → running → succeeded | failed) */
  runPaceMs: number;
  /** how long a delivery waits for the endpoint's whole response */
  deliveryTimeoutMs: number;
  /** added to every /v1 response */
  latencyMs: number;
}

export const ROUTE_NAMES = [
  'listWebhooks',
  'createWebhook',
  'getWebhook',
  'updateWebhook',
  'deleteWebhook',
  'listConversations',
  'getConversation',
  'getSecret',
  'triggerWebhook',
  'listApplications',
  'getApplication',
  'createRun',
  'getRun',
  'runMetadata',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** One injected misbehaviour for /v1 requests. Several effects may be combined with latency. */
export interface FaultSpec {
  /** which route; '*' (default) = every /v1 route */
  route?: RouteName | '*';
  /** delay before answering (or before the other effect) */
  latencyMs?: number;
  /** answer with this status and `{"error": …}` (or `body`) instead of the real answer */
  status?: number;
  /** Retry-After header value, with `status` (429, 503) */
  retryAfter?: number | string;
  /** the raw body to send with `status` */
  body?: string;
  /** drop the connection with a TCP reset, without answering */
  reset?: boolean;
  /** send the headers and the start of a body, then nothing more */
  stall?: boolean;
  /** 200 with a truncated JSON body */
  malformedJson?: boolean;
  /** 200 with a JSON body this many bytes long, streamed */
  hugeBodyBytes?: number;
  /** only the next N matching requests; unlimited when absent */
  times?: number;
  /** the request is handled first (a create or update takes effect), then the fault replaces its answer */
  handled?: boolean;
}

/** A webhook as the fake stores it (the secret is not part of the API object). */
export interface StoredWebhook {
  id: string;
  event_types: string[];
  endpoint_url: string;
  description: string;
  created_at: string;
  updated_at: string;
  secret: string;
  /** fields the client sent that the API does not document; echoed back */
  extra: Record<string, unknown>;
}

/** A Nextmv application (a decision app) as the fake stores and serves it. */
export interface StoredApplication {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

/** A run's status as Nextmv's StatusV2 names it. */
export type RunStatusV2 = RunStatus;

/** A run of an application. The input itself is not kept: only its size, and whether it asks to fail. */
export interface StoredRun {
  id: string;
  application_id: string;
  application_instance_id: string;
  name: string;
  description: string;
  options: Record<string, string>;
  configuration?: Record<string, unknown>;
  status: RunStatusV2;
  /** "" unless the run failed */
  error: string;
  created_at: string;
  /** ms from running to done, 0 before */
  duration: number;
  input_size: number;
  /** decided from the input at creation: `{"fail": true}` in the input or the option `fail=true` */
  will_fail: boolean;
  /** set once succeeded */
  output?: unknown;
}

/** A conversation exactly as the API serves it. */
export interface WireConversation {
  id: string;
  webhook_id: string;
  event_type: string;
  created_at: string;
  request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string;
    sent_at: string;
  };
  response: {
    status_code: number;
    headers: Record<string, string>;
    body: string;
    received_at: string;
  } | null;
  error: string | null;
}

/** One request the fake received, for tests to count and inspect. */
export interface RecordedRequest {
  at: string;
  method: string;
  /** path and query */
  path: string;
  route?: RouteName;
  body: string;
  status?: number;
  /** what a fault did to it, if one applied */
  fault?: string;
}
