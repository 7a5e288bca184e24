import * as l10n from '@vscode/l10n';
import { maskSecrets } from '../redact';
import { userMessageOf } from '../userMessage';
import { parseDelivery, type ParsedDelivery } from './delivery';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_SKEW_SECONDS, verifySignature, type OtherSecret, type VerifyResult } from './signature';
import {
  isListWebhooksMessage,
  isReadyMessage,
  isValidateMessage,
  type DeliverySummary,
  type HostToWebviewMessage,
  type Prefill,
  type SignatureVerdict,
  type ValidateRequest,
  type Verdict,
} from '../../shared/validatorProtocol';

/**
 * The extension-host side of the Validate Delivery webview, without VS Code: answers the webview's
 * messages (checked by the protocol guards), fetches webhook secrets, runs parse + verify and posts
 * verdicts. Secrets stay here: a verdict is built field by field and scrubbed of every secret it used.
 */

export interface ValidatorOpenOptions {
  /** the webhook whose secret is preselected (e.g. from the tree's context menu) */
  readonly preselectWebhookId?: string;
  /** delivery text to put into the form (e.g. from a conversation) */
  readonly prefill?: Prefill;
}

export interface ValidatorSessionDeps {
  /** posts one message to the webview */
  post(message: HostToWebviewMessage): void;
  listWebhookIds(): Promise<string[]>;
  getWebhookSecret(webhookId: string): Promise<string>;
  /** ms since epoch; default Date.now */
  now?(): number;
  log?(message: string): void;
  /** on a mismatch, try the other webhooks' secrets to say which webhook the delivery belongs to (default true) */
  readonly matchOtherWebhooks?: boolean;
}

/** At most this many other webhooks' secrets are fetched for the "which webhook matches" hint. */
export const MAX_OTHER_WEBHOOKS = 25;

export class ValidatorSession {
  private ready = false;
  private pending: ValidatorOpenOptions = {};
  private webhookIds: Promise<string[]> | undefined;
  /** fetched secrets, for the life of the panel only */
  private readonly secrets = new Map<string, Promise<string>>();
  /** every secret fetched so far: no message to the webview carries one (see post) */
  private readonly knownSecrets = new Set<string>();

  constructor(private readonly deps: ValidatorSessionDeps) {}

  /** Applies open options: sent with the init message, or right away when the webview is already up. */
  open(options: ValidatorOpenOptions): void {
    if (!options.preselectWebhookId && !options.prefill) return;
    if (!this.ready) {
      this.pending = { ...this.pending, ...options };
      return;
    }
    void this.sendPrefill(options);
  }

  /** Handles one message from the webview. Never rejects. */
  async handle(message: unknown): Promise<void> {
    try {
      if (isReadyMessage(message)) {
        this.ready = true;
        await this.sendInit();
      } else if (isValidateMessage(message)) {
        const verdict = await this.verdictFor(message.request);
        this.post({ type: 'verdict', requestId: message.requestId, verdict });
      } else if (isListWebhooksMessage(message)) {
        this.webhookIds = undefined;
        const list = await this.listIds();
        this.post({ type: 'webhooks', requestId: message.requestId, webhookIds: list.ids, ...(list.error ? { error: list.error } : {}) });
      } else {
        this.deps.log?.(`Validator: ignored an unexpected message from the webview (${describe(message)}).`);
      }
    } catch (err) {
      this.deps.log?.(`Validator: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * The webhooks (and their secrets) belong to another account now: forget the fetched secrets and the
   * list, and send the form a fresh list (it keeps what the user typed). Secrets already seen stay in the
   * mask, so none of them can reach the webview.
   */
  reset(): void {
    this.secrets.clear();
    this.webhookIds = undefined;
    if (this.ready) void this.sendInit().catch((err: unknown) => this.deps.log?.(`Validator: could not list the webhooks again: ${userMessageOf(err)}`));
  }

  dispose(): void {
    this.secrets.clear();
  }

  private async sendInit(): Promise<void> {
    const { preselectWebhookId, prefill } = this.pending;
    this.pending = {};
    const [list] = await Promise.all([this.listIds(), prefill && this.learnSecret(preselectWebhookId)]);
    this.post({
      type: 'init',
      webhookIds: list.ids,
      ...(list.error ? { webhookListError: list.error } : {}),
      ...(preselectWebhookId ? { preselectWebhookId } : {}),
      ...(prefill ? { prefill } : {}),
      defaults: { maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS, maxSkewSeconds: DEFAULT_MAX_SKEW_SECONDS },
    });
  }

  private async listIds(): Promise<{ ids: string[]; error?: string }> {
    this.webhookIds ??= this.deps.listWebhookIds();
    try {
      const ids = await this.webhookIds;
      return { ids: ids.filter((id) => typeof id === 'string') };
    } catch (err) {
      this.webhookIds = undefined;
      return { ids: [], error: l10n.t('Could not list webhooks: {0}', userMessageOf(err)) };
    }
  }

  /**
   * A prefill (e.g. a whole conversation from the inspector) may hold the preselected webhook's secret,
   * echoed by an endpoint: fetch that secret first, so post() can mask it.
   */
  private async sendPrefill(options: ValidatorOpenOptions): Promise<void> {
    try {
      if (options.prefill) await this.learnSecret(options.preselectWebhookId);
      this.post({ type: 'prefill', ...options });
    } catch (err) {
      this.deps.log?.(`Validator: could not prefill the form: ${userMessageOf(err)}`);
    }
  }

  private async learnSecret(webhookId: string | undefined): Promise<void> {
    if (webhookId) await this.secretOf(webhookId).catch(() => undefined); // no secret known: nothing to mask
  }

  /** Every message to the webview goes through here: any secret this panel has seen is masked. */
  private post(message: HostToWebviewMessage): void {
    this.deps.post(maskSecrets(message, this.knownSecrets));
  }

  private secretOf(webhookId: string): Promise<string> {
    let secret = this.secrets.get(webhookId);
    if (!secret) {
      secret = this.deps.getWebhookSecret(webhookId);
      this.secrets.set(webhookId, secret);
      void secret.then((value) => typeof value === 'string' && this.knownSecrets.add(value), () => undefined);
      // a failed fetch is not cached: the next validation tries again
      const pending = secret;
      void pending.catch(() => {
        if (this.secrets.get(webhookId) === pending) this.secrets.delete(webhookId);
      });
    }
    return secret;
  }

  private async verdictFor(request: ValidateRequest): Promise<Verdict> {
    return buildVerdict(request, {
      now: this.deps.now,
      getSecret: (id) => this.secretOf(id),
      otherWebhookIds: this.deps.matchOtherWebhooks === false ? undefined : async () => (await this.listIds()).ids,
    });
  }
}

export interface VerdictDeps {
  now?(): number;
  getSecret(webhookId: string): Promise<string>;
  /** ids of every webhook, for the "another webhook's secret matches" hint; omit to skip it */
  otherWebhookIds?(): Promise<string[]>;
}

/** Parses the pasted delivery, resolves the secret and verifies. Never rejects. */
export async function buildVerdict(request: ValidateRequest, deps: VerdictDeps): Promise<Verdict> {
  const parsed = parseDelivery({ delivery: request.delivery, signatureHeader: request.signatureHeader, body: request.body });
  if (!parsed.ok) return { delivery: { ok: false, error: parsed.error } };
  const delivery = { ok: true as const, summary: summarise(parsed.delivery) };

  const secret = await resolveSecret(request, deps);
  if ('error' in secret) return { delivery, secretError: secret.error };

  const input = {
    header: parsed.delivery.signatureHeader,
    body: parsed.delivery.body,
    secret: secret.value,
    now: deps.now?.() ?? Date.now(),
    maxAgeSeconds: request.maxAgeSeconds,
    maxSkewSeconds: request.maxSkewSeconds,
    ignoreTimestamp: request.ignoreTimestamp,
  };
  let result = verifySignature(input);
  const used = [secret.value];
  if (result.reason === 'signature-mismatch' && deps.otherWebhookIds) {
    const others = await otherSecrets(request, deps);
    if (others.length) {
      result = verifySignature({ ...input, otherSecrets: others });
      used.push(...others.map((o) => o.secret));
    }
  }
  return maskSecrets({ delivery, secretLabel: secret.label, signature: toSignatureVerdict(result) }, used);
}

async function resolveSecret(request: ValidateRequest, deps: VerdictDeps): Promise<{ value: string; label: string } | { error: string }> {
  const choice = request.secret;
  if (choice.kind === 'pasted' && choice.secret !== '') return { value: choice.secret, label: l10n.t('the pasted secret') };
  if (choice.kind === 'webhook') {
    try {
      const value = await deps.getSecret(choice.webhookId);
      if (typeof value !== 'string' || value === '') return { error: l10n.t('Webhook "{0}" has no signing secret.', choice.webhookId) };
      return { value, label: l10n.t('the secret of webhook "{0}"', choice.webhookId) };
    } catch (err) {
      return { error: l10n.t('Could not fetch the secret of webhook "{0}": {1}', choice.webhookId, userMessageOf(err)) };
    }
  }
  return { error: l10n.t('No secret to check with: choose a Webhook, or paste its signing Secret.') };
}

async function otherSecrets(request: ValidateRequest, deps: VerdictDeps): Promise<OtherSecret[]> {
  try {
    const chosen = request.secret.kind === 'webhook' ? request.secret.webhookId : undefined;
    const ids = (await deps.otherWebhookIds!()).filter((id) => id !== chosen).slice(0, MAX_OTHER_WEBHOOKS);
    const settled = await Promise.allSettled(ids.map(async (id) => ({ name: id, secret: await deps.getSecret(id) })));
    return settled.flatMap((s) => (s.status === 'fulfilled' && typeof s.value.secret === 'string' && s.value.secret !== '' ? [s.value] : []));
  } catch {
    return []; // the hint is a bonus; the verdict stands without it
  }
}

function summarise(d: ParsedDelivery): DeliverySummary {
  return {
    source: d.source,
    notes: d.notes,
    ...(d.signatureHeader !== undefined ? { signatureHeader: d.signatureHeader } : {}),
    ...(d.method !== undefined ? { method: d.method } : {}),
    ...(d.url !== undefined ? { url: d.url } : {}),
    headerCount: d.headers.length,
    bodyBytes: Buffer.byteLength(d.body, 'utf8'),
  };
}

/** Copies the engine's result field by field, so nothing added to it later reaches the webview unseen. */
export function toSignatureVerdict(r: VerifyResult): SignatureVerdict {
  const v: { -readonly [K in keyof SignatureVerdict]: SignatureVerdict[K] } = {
    valid: r.valid,
    reason: r.reason,
    checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail })),
    hints: [...r.hints],
    hintIds: [...r.hintIds],
  };
  if (r.timestampUnit !== undefined) v.timestampUnit = r.timestampUnit;
  if (r.timestamp !== undefined) v.timestamp = r.timestamp;
  if (r.ageSeconds !== undefined && Number.isFinite(r.ageSeconds)) v.ageSeconds = r.ageSeconds;
  if (r.receivedSignatures !== undefined) v.receivedSignatures = [...r.receivedSignatures];
  if (r.matchedSignatureIndex !== undefined) v.matchedSignatureIndex = r.matchedSignatureIndex;
  if (r.expectedSignature !== undefined) v.expectedSignature = r.expectedSignature;
  if (r.signedPayloadPreview !== undefined) v.signedPayloadPreview = r.signedPayloadPreview;
  if (r.signedPayloadTruncated !== undefined) v.signedPayloadTruncated = r.signedPayloadTruncated;
  if (r.matchedVariant !== undefined) v.matchedVariant = r.matchedVariant;
  return v;
}

/** Reads the validateDelivery command's argument: a webhook id, a tree node ({kind: 'webhook', webhook}) or open options. */
export function validatorOptionsFromArg(arg: unknown): ValidatorOpenOptions {
  if (typeof arg === 'string' && arg !== '') return { preselectWebhookId: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  const nested = a.webhook && typeof a.webhook === 'object' ? (a.webhook as Record<string, unknown>) : undefined;
  // a webhook node carries {webhook: {id}}; conversation and message nodes name their webhook; a bare `id` could be anything
  const id = [a.preselectWebhookId, a.webhookId, nested?.id, a.parentWebhookId].find((x): x is string => typeof x === 'string' && x !== '');
  const p = a.prefill && typeof a.prefill === 'object' ? (a.prefill as Record<string, unknown>) : undefined;
  const prefill: { -readonly [K in keyof Prefill]: Prefill[K] } = {};
  for (const key of ['delivery', 'signatureHeader', 'body'] as const) {
    if (typeof p?.[key] === 'string') prefill[key] = p[key];
  }
  return { ...(id ? { preselectWebhookId: id } : {}), ...(Object.keys(prefill).length ? { prefill } : {}) };
}

function describe(message: unknown): string {
  if (message && typeof message === 'object' && typeof (message as { type?: unknown }).type === 'string') return l10n.t('type "{0}"', (message as { type: string }).type);
  return typeof message;
}
