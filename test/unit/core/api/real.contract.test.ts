/**
 * The same contract against the real Nextmv Cloud API. Opt-in only: it creates and deletes a temporary
 * webhook in the key's team. Run with NEXTMV_API_KEY=… NEXTMV_CONTRACT_REAL=1 (NEXTMV_ENDPOINT overrides
 * the base URL).
 */
import { strict as assert } from 'assert';
import {
  conversationStatusLabel,
  DEFAULT_BASE_URL,
  isConflictError,
  isNotFoundError,
  isTriggerNotSupportedError,
  isUnauthorizedError,
  NextmvClient,
  UndiciTransport,
} from '../../../../src/core/api';
import { rejectionOf } from './helpers/fakeClient';

const key = process.env.NEXTMV_API_KEY?.trim();
const optedIn = process.env.NEXTMV_CONTRACT_REAL === '1';
const reason = !key ? 'NEXTMV_API_KEY is not set' : !optedIn ? 'NEXTMV_CONTRACT_REAL=1 is not set' : '';

describe(`real Nextmv API contract${reason ? ` (skipped: ${reason}; set NEXTMV_API_KEY and NEXTMV_CONTRACT_REAL=1 to run)` : ''}`, function () {
  this.timeout(60_000);
  let transport: UndiciTransport;
  let client: NextmvClient;
  const id = `vscode-contract-${Date.now().toString(36)}`;

  before(function () {
    if (reason) {
      this.skip();
      return;
    }
    transport = new UndiciTransport();
    client = new NextmvClient({ baseUrl: process.env.NEXTMV_ENDPOINT || DEFAULT_BASE_URL, getApiKey: () => Promise.resolve(key), transport });
  });
  after(async () => {
    if (!client) return;
    await client.deleteWebhook(id).catch(() => undefined);
    await transport.close();
  });

  it('lists webhooks', async () => {
    const list = await client.listWebhooks();
    assert.ok(Array.isArray(list));
    for (const w of list) assert.ok(w.id);
  });

  it('a wrong key is Unauthorized', async () => {
    const wrong = new NextmvClient({ baseUrl: process.env.NEXTMV_ENDPOINT || DEFAULT_BASE_URL, getApiKey: () => Promise.resolve('definitely-not-a-key-000'), transport });
    assert.ok(isUnauthorizedError(await rejectionOf(wrong.listWebhooks())));
  });

  it('creates, reads, updates, reads the secret, lists conversations, triggers, deletes', async () => {
    const created = await client.createWebhook({ id, eventTypes: ['run.status'], endpointUrl: 'https://example.com/nextmv-vscode-contract', description: 'temporary: VS Code extension contract test' });
    assert.equal(created.id, id);
    assert.ok(isConflictError(await rejectionOf(client.createWebhook({ id, eventTypes: ['run.status'], endpointUrl: 'https://example.com/x' }))));
    const read = await client.getWebhook(id);
    assert.deepEqual(read.eventTypes, ['run.status']);
    const updated = await client.updateWebhook({ ...read, description: 'temporary: updated' });
    assert.equal(updated.description, 'temporary: updated');
    assert.ok((await client.getSecret(id)).length > 0);
    const page = await client.listConversationsPage(id);
    assert.ok(Array.isArray(page.items));
    try {
      const conversation = await client.triggerWebhook(id);
      if (conversation) assert.ok(conversationStatusLabel(conversation));
    } catch (err) {
      assert.ok(isTriggerNotSupportedError(err), String(err));
    }
    await client.deleteWebhook(id);
    assert.ok(isNotFoundError(await rejectionOf(client.getWebhook(id))));
  });
});
