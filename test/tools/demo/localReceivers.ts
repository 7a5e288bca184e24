/**
 * The demo's webhook endpoints on 127.0.0.1, both checking Nextmv-Signature the way Nextmv's documented
 * handler does (test/tools/fake-api/receiver.ts):
 *   - "verifying": knows each webhook's current secret (asks the fake by the webhook id at the end of the
 *     path), so its deliveries get a real 200;
 *   - "stale secret": still configured with a secret from before a rotation, so its deliveries get a real 401
 *     "Unauthorized: Invalid signature".
 * Adds webhooks to the fake that deliver to them, next to the seeded example.com ones.
 */
import { randomBytes } from 'node:crypto';
import { startReceiver, type FakeApi, type Receiver, type StoredWebhook } from '../fake-api';

export interface LocalWebhook {
  readonly id: string;
  readonly expectedStatus: 200 | 401;
  readonly description: string;
}

/** Two webhooks deliver to the verifying receiver, one to the stale-secret receiver. */
export const LOCAL_WEBHOOKS: readonly (LocalWebhook & { receiver: 'verifying' | 'stale' })[] = [
  { id: 'local-receiver', receiver: 'verifying', expectedStatus: 200, description: 'Your local handler (started by npm run demo): checks the signature like Nextmv\'s example → 200' },
  { id: 'local-dispatch', receiver: 'verifying', expectedStatus: 200, description: 'A second local handler with the current secret → 200' },
  { id: 'local-stale-secret', receiver: 'stale', expectedStatus: 401, description: 'A local handler still configured with the secret from before the last rotation → 401 Invalid signature' },
];

export interface LocalReceivers {
  readonly verifying: Receiver;
  readonly stale: Receiver;
  close(): Promise<void>;
}

export async function startLocalReceivers(fake: FakeApi, log?: (line: string) => void): Promise<LocalReceivers> {
  const webhookIdOf = (path: string) => decodeURIComponent(path.split('?')[0].split('/').filter(Boolean).pop() ?? '');
  const verifying = await startReceiver({
    secret: ({ path }) => fake.secretOf(webhookIdOf(path)),
    unit: () => fake.config.signatureUnit,
    log: log && ((line) => log(`receiver: ${line}`)),
  });
  const staleSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const stale = await startReceiver({
    secret: staleSecret,
    unit: () => fake.config.signatureUnit,
    log: log && ((line) => log(`stale-secret receiver: ${line}`)),
  });

  const at = new Date().toISOString();
  for (const w of LOCAL_WEBHOOKS) {
    const base = w.receiver === 'verifying' ? verifying.url : stale.url;
    const webhook: StoredWebhook = {
      id: w.id,
      event_types: ['run.status'],
      endpoint_url: `${base}/hooks/${w.id}`,
      description: w.description,
      created_at: at,
      updated_at: at,
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      extra: {},
    };
    fake.state.putWebhook(webhook);
  }
  return { verifying, stale, close: async () => void (await Promise.all([verifying.close(), stale.close()])) };
}
