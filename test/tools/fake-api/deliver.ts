/**
 * Sends one signed delivery to a webhook's endpoint and records the conversation: the exact request, and
 * the response or why there was none. Uses node:http(s) with no agent and no proxy, so it contacts
 * exactly the endpoint URL and leaves no socket open afterwards. Never rejects.
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { signatureHeader } from './sign';
import type { SignatureUnit, StoredWebhook, WireConversation } from './types';

export const DELIVERY_USER_AGENT = 'Nextmv-Webhooks/1.0 (fake-api)';
/** responses are recorded up to this size; the rest is dropped */
export const MAX_RECORDED_RESPONSE_BYTES = 256 * 1024;

export interface DeliveryInit {
  readonly webhook: Pick<StoredWebhook, 'id' | 'endpoint_url' | 'secret'>;
  readonly eventType: string;
  /** the exact body text to sign and send */
  readonly body: string;
  readonly unit: SignatureUnit;
  readonly timeoutMs: number;
  readonly now?: () => number;
  /** aborted when the fake shuts down mid-delivery */
  readonly signal?: AbortSignal;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

export function deliver(init: DeliveryInit): Promise<WireConversation> {
  const now = init.now ?? Date.now;
  const sentMs = now();
  const url = init.webhook.endpoint_url;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': DELIVERY_USER_AGENT,
    'Nextmv-Signature': signatureHeader(init.webhook.secret, init.body, sentMs, init.unit),
    'Content-Length': String(Buffer.byteLength(init.body)),
  };
  const base = {
    id: `conv-${randomBytes(6).toString('hex')}`,
    webhook_id: init.webhook.id,
    event_type: init.eventType,
    created_at: new Date(sentMs).toISOString(),
    request: { url, method: 'POST', headers, body: init.body, sent_at: new Date(sentMs).toISOString() },
  };

  return new Promise<WireConversation>((resolve) => {
    let settled = false;
    const finish = (response: WireConversation['response'], error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...base, response, error });
    };

    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`unsupported protocol ${target.protocol}`);
    } catch (err) {
      resolve({ ...base, response: null, error: `unreachable: ${(err as Error).message}` });
      return;
    }

    const send = target.protocol === 'https:' ? https.request : http.request;
    const req = send(target, { method: 'POST', headers, agent: false });
    const timer = setTimeout(() => {
      finish(null, `timeout: no response from ${target.host} within ${init.timeoutMs} ms`);
      req.destroy();
    }, init.timeoutMs);

    const onAbort = () => {
      finish(null, 'failed: the fake server shut down during the delivery');
      req.destroy();
    };
    if (init.signal?.aborted) onAbort();
    init.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => init.signal?.removeEventListener('abort', onAbort));

    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_RECORDED_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RECORDED_RESPONSE_BYTES - size));
        size += chunk.length;
      });
      res.on('end', () => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        finish(
          { status_code: res.statusCode ?? 0, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8'), received_at: new Date(now()).toISOString() },
          null,
        );
      });
      res.on('error', (err) => finish(null, `failed: the connection broke while reading the response (${err.message})`));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish(null, `${err.code && UNREACHABLE_CODES.has(err.code) ? 'unreachable' : 'failed'}: ${err.message}`);
    });
    req.end(init.body);
  });
}
