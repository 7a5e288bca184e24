/**
 * Seed data that looks like a real team's account: varied endpoints and descriptions, deliveries spread
 * over weeks with a mix of 2xx, 4xx, 5xx, unreachable and timeout. The same seed always gives the same data
 * (relative to `nowMs`). Endpoints are on example.com/.org/.net, which nothing contacts unless triggered.
 *
 * Seeds: `demo`, `small`, `empty`, and `<N>x<M>` — N webhooks, the first (`high-volume`) with M conversations.
 * Applications: `demo` has the five its deliveries are about, `small` and `<N>x<M>` one, `empty` none.
 */
import { DELIVERY_USER_AGENT } from './deliver';
import { runStatusData, runStatusEventBody, type RunStatus } from './events';
import { createRng, type Rng } from './random';
import { signatureHeader } from './sign';
import type { FakeState } from './state';
import type { SignatureUnit, StoredApplication, StoredWebhook, WireConversation } from './types';

export interface SeedOptions {
  readonly nowMs: number;
  readonly unit: SignatureUnit;
}

type Outcome = '200' | '202' | '204' | '400' | '401' | '404' | '410' | '500' | '502' | '503' | 'unreachable' | 'timeout';
type Profile = Readonly<Partial<Record<Outcome, number>>>;

const PROFILES = {
  healthy: { '200': 82, '202': 6, '204': 4, '400': 1, '500': 2, '503': 2, timeout: 2, unreachable: 1 },
  flaky: { '200': 50, '500': 14, '502': 10, '503': 10, timeout: 9, unreachable: 7 },
  badSignature: { '200': 40, '401': 55, '400': 5 },
  down: { unreachable: 50, timeout: 35, '200': 10, '404': 5 },
  mixed: { '200': 45, '202': 5, '204': 5, '400': 8, '401': 7, '404': 6, '410': 2, '500': 8, '502': 4, '503': 5, unreachable: 3, timeout: 2 },
} satisfies Record<string, Profile>;
type ProfileName = keyof typeof PROFILES;

interface WebhookPlan {
  id: string;
  endpoint_url: string;
  description: string;
  event_types?: string[];
  application: string;
  conversations: number;
  spanDays: number;
  profile: ProfileName;
}

const DEMO: WebhookPlan[] = [
  { id: 'orders-prod', endpoint_url: 'https://hooks.acme-logistics.example.com/nextmv/run-status', description: 'Production order routing: tells dispatch when a plan is ready', application: 'order-routing', conversations: 48, spanDays: 14, profile: 'healthy' },
  { id: 'routing-staging', endpoint_url: 'https://staging-api.fleetwise.example.com/webhooks/nextmv', description: 'Staging routing runs (QA team)', application: 'vehicle-routing', conversations: 25, spanDays: 7, profile: 'flaky' },
  { id: 'shift-planner', endpoint_url: 'https://shift-planner.example.org/api/hooks/nextmv', description: 'Shift scheduling results to the planner UI; secret rotated last week', application: 'shift-scheduling', conversations: 14, spanDays: 10, profile: 'badSignature' },
  { id: 'inventory-sync', endpoint_url: 'https://inventory.example.net/v2/events?source=nextmv', description: 'Pushes finished replenishment runs to the inventory service', application: 'replenishment', conversations: 9, spanDays: 5, profile: 'down' },
  { id: 'slack-bridge', endpoint_url: 'https://bridge.example.com/slack/T04ABCD/nextmv', description: 'Posts failed runs to #decision-ops', application: 'order-routing', conversations: 31, spanDays: 21, profile: 'healthy' },
  { id: 'data-lake-ingest', endpoint_url: 'https://ingest.datalake.example.com/nextmv/runs', description: 'Archives every run status for analytics', application: 'pricing-optimizer', conversations: 60, spanDays: 30, profile: 'mixed' },
  { id: 'legacy-erp', endpoint_url: 'http://erp.legacy.example.com:8080/callback', description: 'Old ERP callback (being retired)', application: 'order-routing', conversations: 6, spanDays: 30, profile: 'down' },
  { id: 'new-hook', endpoint_url: 'https://hooks.example.com/new', description: '', application: 'order-routing', conversations: 0, spanDays: 1, profile: 'healthy' },
];

const SMALL: WebhookPlan[] = [
  { id: 'orders-prod', endpoint_url: 'https://hooks.acme-logistics.example.com/nextmv/run-status', description: 'Production order routing', application: 'order-routing', conversations: 12, spanDays: 3, profile: 'mixed' },
  { id: 'routing-staging', endpoint_url: 'https://staging-api.fleetwise.example.com/webhooks/nextmv', description: 'Staging routing runs', application: 'vehicle-routing', conversations: 5, spanDays: 2, profile: 'flaky' },
  { id: 'empty-hook', endpoint_url: 'https://hooks.example.com/empty', description: 'No deliveries yet', application: 'order-routing', conversations: 0, spanDays: 1, profile: 'healthy' },
];

interface ApplicationPlan {
  id: string;
  name: string;
  description: string;
}

/** The applications the seeded deliveries name (application_id in their run.status bodies). */
const APPLICATIONS: Record<string, ApplicationPlan> = {
  'order-routing': { id: 'order-routing', name: 'Order routing', description: 'Assigns the day\'s orders to drivers and sequences their stops (production)' },
  'vehicle-routing': { id: 'vehicle-routing', name: 'Vehicle routing', description: 'Capacitated vehicle routing with time windows (staging)' },
  'shift-scheduling': { id: 'shift-scheduling', name: 'Shift scheduling', description: 'Builds next week\'s shifts from demand forecasts and availability' },
  replenishment: { id: 'replenishment', name: 'Replenishment', description: 'Store replenishment quantities from stock levels and lead times' },
  'pricing-optimizer': { id: 'pricing-optimizer', name: 'Pricing optimizer', description: 'Markdown pricing for end-of-season stock' },
};

function applicationPlansFor(seed: string): ApplicationPlan[] {
  if (seed === 'demo') return Object.values(APPLICATIONS);
  if (seed === 'small') return [APPLICATIONS['order-routing']];
  if (seed === 'empty') return [];
  return [APPLICATIONS['pricing-optimizer']];
}

const TEAMS = ['orders', 'routing', 'dispatch', 'fleet', 'billing', 'pricing', 'shifts', 'inventory', 'returns', 'ops'];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'eu', 'us'];
const HOSTS = ['hooks', 'api', 'events', 'ingest', 'notify', 'callbacks'];
const DOMAINS = ['example.com', 'example.org', 'example.net'];
const PURPOSES = ['Notify dispatch when a plan is ready', 'Archive run results', 'Alert on failed runs', 'Refresh the planner dashboard', 'Sync with the warehouse system', ''];
const APPS = ['order-routing', 'vehicle-routing', 'shift-scheduling', 'pricing-optimizer', 'replenishment'];

/** The first webhook of an `<N>x<M>` seed: the one with the M conversations. */
export const HIGH_VOLUME_WEBHOOK = 'high-volume';

export function isKnownSeed(seed: string): boolean {
  return ['demo', 'small', 'empty'].includes(seed) || /^\d+x\d+$/.test(seed);
}

/** Fills `state` (already empty) from the named seed. */
export function seedState(state: FakeState, seed: string, opts: SeedOptions): void {
  seedApplications(state, seed, opts.nowMs);
  const rng = createRng(seed);
  for (const plan of plansFor(seed, rng)) {
    const webhook = seededWebhook(rng, plan, opts.nowMs);
    state.putWebhook(webhook);
    // each webhook's conversations come from their own random stream, so they can be made lazily
    if (plan.conversations > 0) state.addLazyConversations(webhook.id, () => seededConversations(createRng(`${seed}/${plan.id}`), webhook, plan, opts));
  }
}

/** Only the seed's applications (also for a `--state` file written before the fake knew applications). */
export function seedApplications(state: FakeState, seed: string, nowMs: number): void {
  // a stream of its own, so that the webhooks and conversations of a seed stay what they were
  const rng = createRng(`${seed}/applications`);
  for (const plan of applicationPlansFor(seed)) {
    const created = nowMs - rng.int(90, 400) * DAY - rng.int(0, DAY);
    const application: StoredApplication = { ...plan, created_at: iso(created), updated_at: iso(created + rng.int(1, 60) * DAY) };
    state.putApplication(application);
  }
}

function plansFor(seed: string, rng: Rng): WebhookPlan[] {
  if (seed === 'demo') return DEMO;
  if (seed === 'small') return SMALL;
  if (seed === 'empty') return [];
  const m = /^(\d+)x(\d+)$/.exec(seed);
  if (!m) throw new Error(`unknown seed "${seed}": use demo, small, empty or <webhooks>x<conversations> (e.g. 1000x10000)`);
  const [webhooks, conversations] = [Number(m[1]), Number(m[2])];
  const plans: WebhookPlan[] = [];
  for (let i = 0; i < webhooks; i++) {
    if (i === 0) {
      plans.push({ id: HIGH_VOLUME_WEBHOOK, endpoint_url: `https://ingest.datalake.example.com/nextmv/${HIGH_VOLUME_WEBHOOK}`, description: `Receives every run status (${conversations} deliveries)`, application: 'pricing-optimizer', conversations, spanDays: 30, profile: 'mixed' });
      continue;
    }
    const team = rng.pick(TEAMS);
    const env = rng.pick(ENVS);
    plans.push({
      id: `${team}-${env}-${String(i).padStart(4, '0')}`,
      endpoint_url: `https://${rng.pick(HOSTS)}.${team}-${env}.${rng.pick(DOMAINS)}/nextmv/${rng.hex(6)}`,
      description: rng.pick(PURPOSES),
      application: rng.pick(APPS),
      conversations: rng.int(0, 3),
      spanDays: 14,
      profile: rng.weighted({ healthy: 6, flaky: 2, mixed: 1, down: 1 } as Record<ProfileName, number>),
    });
  }
  return plans;
}

function seededWebhook(rng: Rng, plan: WebhookPlan, nowMs: number): StoredWebhook {
  const created = nowMs - (plan.spanDays + rng.int(1, 60)) * DAY - rng.int(0, DAY);
  const updated = rng.next() < 0.3 ? created + rng.int(1, plan.spanDays) * DAY : created;
  return {
    id: plan.id,
    event_types: plan.event_types ?? ['run.status'],
    endpoint_url: plan.endpoint_url,
    description: plan.description,
    created_at: iso(created),
    updated_at: iso(updated),
    secret: `whsec_${rng.alnum(32)}`,
    extra: {},
  };
}

function seededConversations(rng: Rng, webhook: StoredWebhook, plan: WebhookPlan, opts: SeedOptions): WireConversation[] {
  const out = new Array<WireConversation>(plan.conversations);
  const newest = opts.nowMs - rng.int(2, 90) * MINUTE;
  const step = (plan.spanDays * DAY) / plan.conversations;
  const start = newest - plan.spanDays * DAY;
  for (let i = 0; i < plan.conversations; i++) {
    const at = Math.round(start + (i + 0.1 + rng.next() * 0.8) * step);
    out[i] = seededConversation(rng, webhook, plan, at, opts.unit);
  }
  return out;
}

const RUN_STATUS_WEIGHTS: Record<RunStatus, number> = { succeeded: 70, failed: 14, running: 8, canceled: 4, queued: 3, none: 1 };

function seededConversation(rng: Rng, webhook: StoredWebhook, plan: WebhookPlan, atMs: number, unit: SignatureUnit): WireConversation {
  const status = rng.weighted(RUN_STATUS_WEIGHTS);
  const body = runStatusEventBody({
    eventId: `evt-${rng.hex(12)}`,
    createdAt: iso(atMs),
    data: runStatusData({
      run_id: `${plan.application}-${rng.alnum(10)}`,
      application_id: plan.application,
      application_instance_id: rng.next() < 0.8 ? 'latest' : 'candidate',
      status_v2: status,
      error: status === 'failed' ? rng.pick(['the run exited with code 1', 'solver time limit reached with no solution', 'input validation failed: missing "stops"']) : '',
    }),
  });
  const outcome = rng.weighted(PROFILES[plan.profile] as Record<Outcome, number>);
  const request = {
    url: webhook.endpoint_url,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': DELIVERY_USER_AGENT, 'Nextmv-Signature': signatureHeader(webhook.secret, body, atMs, unit) },
    body,
    sent_at: iso(atMs),
  };
  const base = { id: `conv-${rng.hex(12)}`, webhook_id: webhook.id, event_type: 'run.status', created_at: iso(atMs), request };
  const host = new URL(webhook.endpoint_url).host;
  if (outcome === 'unreachable') {
    const error = rng.next() < 0.5 ? `unreachable: getaddrinfo ENOTFOUND ${new URL(webhook.endpoint_url).hostname}` : `unreachable: connect ECONNREFUSED 203.0.113.${rng.int(2, 250)}:443`;
    return { ...base, response: null, error };
  }
  if (outcome === 'timeout') return { ...base, response: null, error: `timeout: no response from ${host} within 10000 ms` };
  const receivedAt = atMs + rng.int(outcome.startsWith('5') ? 200 : 15, outcome.startsWith('5') ? 4000 : 900);
  const { contentType, text } = responseBody(Number(outcome), body);
  const headers: Record<string, string> = { date: new Date(receivedAt).toUTCString() };
  if (contentType) headers['content-type'] = contentType;
  headers['content-length'] = String(Buffer.byteLength(text));
  if (outcome === '503') headers['retry-after'] = '30';
  return { ...base, response: { status_code: Number(outcome), headers, body: text, received_at: iso(receivedAt) }, error: null };
}

function responseBody(status: number, requestBody: string): { contentType?: string; text: string } {
  switch (status) {
    case 200:
      return { contentType: 'application/json', text: JSON.stringify({ message: 'Webhook received!', body: requestBody }) };
    case 202:
      return { contentType: 'application/json', text: '{"status":"queued"}' };
    case 204:
      return { text: '' };
    case 400:
      return { contentType: 'application/json', text: '{"error":"unexpected payload: missing field \\"plan_id\\""}' };
    case 401:
      return { contentType: 'text/plain', text: 'Unauthorized: Invalid signature' };
    case 404:
      return { contentType: 'text/html', text: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>' };
    case 410:
      return { contentType: 'text/plain', text: 'Gone: this endpoint was retired' };
    case 500:
      return { contentType: 'text/plain', text: 'Internal Server Error' };
    case 502:
      return { contentType: 'text/html', text: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>' };
    default:
      return { contentType: 'application/json', text: '{"error":"service unavailable, try again later"}' };
  }
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
