import * as l10n from '@vscode/l10n';
/**
 * NextmvClient: the webhooks API of Nextmv Cloud (and the applications and runs that fire webhooks), typed
 * at the edges. Every method resolves to parsed data or rejects with a typed ApiError (see errors.ts) whose
 * userMessage can be shown as is.
 *
 * Why one file: one class — a short method per endpoint over one private `call` that owns the key, the
 * status-to-error mapping and the paging; splitting the endpoints from it would only export that plumbing.
 */
import { normalizeBaseUrl } from './baseUrl';
import {
  type ApiError,
  errorForStatus,
  InvalidResponseError,
  isApiError,
  MissingApiKeyError,
  serverMessageFrom,
  TriggerNotSupportedError,
} from './errors';
import type { HttpMethod, HttpResponse, Transport } from './transport';
import { retryAfterMs } from './retry';
import {
  type Conversation,
  conversationFromAnswer,
  type Page,
  parseConversation,
  parseConversationPage,
  parseSecret,
  parseWebhook,
  parseWebhookPage,
  sortNewestFirst,
  type TriggerPayload,
  type Webhook,
  type WebhookInput,
  type WebhookUpdate,
  webhookFromAnswer,
  webhookToWire,
} from './types';
import { type Application, parseApplicationList, parseRunId, parseRunState, type RunRequest, runRequestToWire, type RunState, type RunTarget } from './runs';
import { redact } from '../redact';

export interface NextmvClientOptions {
  /** the API's root, without /v1, e.g. https://api.cloud.nextmv.io */
  readonly baseUrl: string;
  /** where to correct baseUrl when it is invalid (default: the nextmvWebhooks.apiUrl setting) */
  readonly baseUrlFix?: string;
  /** asked before every request, so a changed key takes effect at once */
  readonly getApiKey: () => Promise<string | undefined>;
  readonly transport: Transport;
  /** failures, already redacted */
  readonly log?: (line: string) => void;
  readonly userAgent?: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  /** page size to ask for; the server may ignore it */
  readonly limit?: number;
}

/** A list that keeps handing back cursors stops here instead of looping forever. */
const MAX_PAGES = 10_000;

export class NextmvClient {
  private readonly root: string | undefined;
  private readonly rootError: ApiError | undefined;

  constructor(private readonly options: NextmvClientOptions) {
    // A bad URL must not throw while the UI builds its services: each call reports it instead.
    try {
      this.root = normalizeBaseUrl(options.baseUrl, options.baseUrlFix);
    } catch (err) {
      if (!isApiError(err)) throw err;
      this.rootError = err;
    }
  }

  /** the normalised root in use, or undefined when the configured one is invalid */
  get baseUrl(): string | undefined {
    return this.root;
  }

  // ---- webhooks -----------------------------------------------------------------------------------------

  /** Every webhook, following page cursors when the server pages. */
  async listWebhooks(opts: CallOptions = {}): Promise<Webhook[]> {
    const all: Webhook[] = [];
    for await (const page of this.pages((cursor) => this.listWebhooksPage(cursor, undefined, opts))) all.push(...page.items);
    return all;
  }

  async listWebhooksPage(cursor?: string, limit?: number, opts: CallOptions = {}): Promise<Page<Webhook>> {
    const body = await this.call('GET', this.listPath('/v1/webhooks', cursor, limit), {
      ...opts,
      subject: l10n.t('the webhooks API (/v1/webhooks)'),
      // the list itself cannot be deleted: a 404 here means the URL points somewhere else
      notFoundHint: l10n.t('Check that nextmvWebhooks.apiUrl is the Nextmv API root, such as https://api.cloud.nextmv.io.'),
    });
    return this.noteSkipped(parseWebhookPage(body), 'webhooks');
  }

  async getWebhook(id: string, opts: CallOptions = {}): Promise<Webhook> {
    return parseWebhook(await this.call('GET', webhookPath(id), { ...opts, subject: webhookSubject(id) }));
  }

  /**
   * POST /v1/webhooks. A 409 means the id is taken. Any 2xx is success: the answer's webhook, or what was sent
   * with whatever came back (webhookFromAnswer); fetch it again for the server's own fields.
   */
  async createWebhook(input: WebhookInput, opts: CallOptions = {}): Promise<Webhook> {
    const wire = webhookToWire(input);
    return webhookFromAnswer(wire, await this.call('POST', '/v1/webhooks', { ...opts, body: wire, subject: l10n.t('a webhook with id "{0}"', input.id) }));
  }

  /**
   * PUT /v1/webhooks/{id} with the whole object: fields the API does not document (kept in `raw` when the
   * webhook was fetched) are sent back unchanged, because a PUT clears whatever it omits. Resolves like create.
   */
  async updateWebhook(webhook: WebhookUpdate, opts: CallOptions = {}): Promise<Webhook> {
    const wire = webhookToWire(webhook);
    return webhookFromAnswer(wire, await this.call('PUT', webhookPath(webhook.id), { ...opts, body: wire, subject: webhookSubject(webhook.id) }));
  }

  async deleteWebhook(id: string, opts: CallOptions = {}): Promise<void> {
    await this.call('DELETE', webhookPath(id), { ...opts, subject: webhookSubject(id), ignoreBody: true });
  }

  async getSecret(webhookId: string, opts: CallOptions = {}): Promise<string> {
    return parseSecret(await this.call('GET', `${webhookPath(webhookId)}/secret`, { ...opts, subject: webhookSubject(webhookId) }));
  }

  /**
   * POST /v1/webhooks/{id}/trigger (not documented). Resolves to the resulting conversation, or undefined
   * when the server accepted (any 2xx) without returning one, e.g. `202 {"status":"queued"}`. A 404/405/501
   * from a webhook that exists becomes TriggerNotSupportedError.
   */
  async triggerWebhook(webhookId: string, payload: TriggerPayload = {}, opts: CallOptions = {}): Promise<Conversation | undefined> {
    const wire: Record<string, unknown> = { event_type: payload.eventType ?? 'run.status' };
    if (payload.data) wire.data = payload.data;
    let body: unknown;
    try {
      body = await this.call('POST', `${webhookPath(webhookId)}/trigger`, { ...opts, body: wire, subject: webhookSubject(webhookId) });
    } catch (err) {
      if (!isApiError(err) || (err.status !== 404 && err.status !== 405 && err.status !== 501)) throw err;
      // A 404 is ambiguous: no such webhook, or no such route. Asking for the webhook tells them apart.
      if (err.status === 404) await this.getWebhook(webhookId, opts);
      throw new TriggerNotSupportedError({ status: err.status, request: err.request, serverMessage: err.serverMessage });
    }
    return conversationFromAnswer(body);
  }

  // ---- applications and runs (a run's status changes are what make Nextmv send run.status) -------------

  /** Every application of the account (the key's team), following page cursors when the server pages. */
  async listApplications(opts: CallOptions = {}): Promise<Application[]> {
    const all: Application[] = [];
    const pages = this.pages(async (cursor) => {
      const body = await this.call('GET', this.listPath('/v1/applications', cursor, undefined), { ...opts, subject: l10n.t('the applications API (/v1/applications)') });
      const page = parseApplicationList(body);
      return this.noteSkipped(page, 'applications');
    });
    for await (const page of pages) all.push(...page.items);
    return all;
  }

  /**
   * POST /v1/applications/{app}/runs: starts a run (it uses the account's compute) and resolves to its id.
   * Never retried automatically: a second POST would start a second run.
   */
  async createRun(appId: string, run: RunRequest, target: RunTarget & CallOptions = {}): Promise<string> {
    const query = target.instanceId ? `?instance_id=${encodeURIComponent(target.instanceId)}` : '';
    const body = await this.call('POST', `${applicationPath(appId)}/runs${query}`, {
      signal: target.signal,
      body: runRequestToWire(run),
      subject: l10n.t('application "{0}"', appId),
      notFoundHint: l10n.t('Pick an application this API key can see (Trigger Webhook lists them), or create it in Nextmv Console.'),
      badRequestHint: l10n.t('Nothing was started. Fix the run\'s input (JSON the application accepts){0} and try again.', target.instanceId ? l10n.t(' or the instance "{0}"', target.instanceId) : ''),
    });
    return parseRunId(body);
  }

  /** GET …/runs/{run}/metadata: the run's status (status_v2, else status) and error. */
  async getRunMetadata(appId: string, runId: string, opts: CallOptions = {}): Promise<RunState> {
    const body = await this.call('GET', `${applicationPath(appId)}/runs/${encodeURIComponent(runId)}/metadata`, {
      ...opts,
      subject: l10n.t('run "{0}" of application "{1}"', runId, appId),
      notFoundHint: l10n.t('Nextmv may not list a new run yet; if this lasts, the run or its application was deleted.'),
    });
    return parseRunState(runId, body);
  }

  // ---- conversations ------------------------------------------------------------------------------------

  /**
   * One page of a webhook's conversations, newest first. Pass the previous page's `nextCursor` for the
   * next one; a server that does not page returns everything with no cursor.
   */
  async listConversationsPage(webhookId: string, cursor?: string, limit?: number, opts: CallOptions = {}): Promise<Page<Conversation>> {
    const body = await this.call('GET', this.listPath(`${webhookPath(webhookId)}/conversations`, cursor, limit), {
      ...opts,
      subject: webhookSubject(webhookId),
    });
    const page = this.noteSkipped(parseConversationPage(body), l10n.t('conversations of webhook "{0}"', webhookId));
    // Only a complete list can be put in order here; pages must trust the server's order.
    if (cursor === undefined && page.nextCursor === undefined) return { ...page, items: sortNewestFirst(page.items) };
    return page;
  }

  /** The conversations page by page, fetched only as the caller asks for more. */
  listConversations(webhookId: string, opts: ListOptions = {}): AsyncGenerator<Page<Conversation>, void, undefined> {
    return this.pages((cursor) => this.listConversationsPage(webhookId, cursor, opts.limit, opts));
  }

  async getConversation(webhookId: string, conversationId: string, opts: CallOptions = {}): Promise<Conversation> {
    const path = `${webhookPath(webhookId)}/conversations/${encodeURIComponent(conversationId)}`;
    return parseConversation(await this.call('GET', path, { ...opts, subject: l10n.t('conversation "{0}" of webhook "{1}"', conversationId, webhookId) }));
  }

  // ---- plumbing -----------------------------------------------------------------------------------------

  private noteSkipped<T>(page: Page<T>, what: string): Page<T> {
    if (page.skipped) this.options.log?.(`ignored ${page.skipped} unusable ${what} (not an object, or no id)`);
    return page;
  }

  private async *pages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<Page<T>, void, undefined> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const page = await fetchPage(cursor);
      yield page;
      cursor = page.nextCursor;
      if (cursor === undefined) return;
      if (seen.has(cursor)) throw new InvalidResponseError(l10n.t('the server sent the same page cursor twice'));
      seen.add(cursor);
    }
    throw new InvalidResponseError(l10n.t('the list did not end after {0} pages', MAX_PAGES));
  }

  /** The path (or, for a server-sent next link, the URL) of a list page. */
  private listPath(path: string, cursor: string | undefined, limit: number | undefined): string {
    if (cursor && /^(https?:)?\/\//i.test(cursor)) return cursor;
    if (cursor?.startsWith('/')) return cursor;
    const query = new URLSearchParams();
    if (limit !== undefined) query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    const qs = query.toString();
    return qs ? `${path}?${qs}` : path;
  }

  /** Sends one request; resolves to the parsed JSON body (undefined when empty) of a 2xx response. */
  private async call(
    method: HttpMethod,
    pathOrUrl: string,
    opts: CallOptions & { body?: unknown; subject: string; notFoundHint?: string; badRequestHint?: string; ignoreBody?: boolean },
  ): Promise<unknown> {
    if (this.rootError || !this.root) throw this.rootError ?? new InvalidResponseError(l10n.t('no base URL'));
    const url = this.resolve(pathOrUrl);
    const key = (await this.options.getApiKey())?.trim();
    if (!key) throw new MissingApiKeyError();
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'nextmv-webhooks-vscode',
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.options.transport.request({ method, url, headers, body, signal: opts.signal });
    if (res.status < 200 || res.status > 299) throw this.statusError(res, `${method} ${url}`, opts, key);
    if (opts.ignoreBody || res.status === 204) return undefined;
    return parseJsonBody(res, `${method} ${url}`);
  }

  /** A path joins the root; a next-page URL is only followed on the API's own origin (it carries the key). */
  private resolve(pathOrUrl: string): string {
    const root = this.root as string;
    if (pathOrUrl.startsWith('/v1/')) return root + pathOrUrl;
    const url = new URL(pathOrUrl, root);
    if (url.origin !== new URL(root).origin) throw new InvalidResponseError(l10n.t('the next-page link points to another host ({0})', url.host));
    return url.href;
  }

  private statusError(res: HttpResponse, request: string, about: { subject: string; notFoundHint?: string; badRequestHint?: string }, key: string): ApiError {
    const found = serverMessageFrom(res.body, res.headers['content-type']);
    const serverMessage = found === undefined ? undefined : redact(found, [key]);
    const retryAfter = retryAfterMs(res.headers['retry-after']);
    const err = errorForStatus({
      status: res.status,
      request,
      serverMessage,
      subject: about.subject,
      notFoundHint: about.notFoundHint,
      badRequestHint: about.badRequestHint,
      retryAfterSeconds: retryAfter === undefined ? undefined : retryAfter / 1000,
    });
    this.options.log?.(`${request} → ${res.status} (${err.kind})${serverMessage ? `: ${serverMessage}` : ''}`);
    return err;
  }
}

function parseJsonBody(res: HttpResponse, request: string): unknown {
  if (res.body.trim() === '') return undefined;
  try {
    return JSON.parse(res.body);
  } catch (err) {
    throw new InvalidResponseError(l10n.t('the body is not valid JSON ({0})', err instanceof Error ? err.message : String(err)), { request, status: res.status });
  }
}

function webhookPath(id: string): string {
  return `/v1/webhooks/${encodeURIComponent(id)}`;
}

function applicationPath(appId: string): string {
  return `/v1/applications/${encodeURIComponent(appId)}`;
}

function webhookSubject(id: string): string {
  return l10n.t('webhook "{0}"', id);
}
