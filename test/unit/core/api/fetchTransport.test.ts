/** The fetch-based transport (VS Code's global fetch on PAC/Kerberos networks) honours the same contract. */
import { strict as assert } from 'assert';
import {
  fetchTransport,
  isCancelledError,
  isInvalidResponseError,
  isNetworkError,
  isServerError,
  isTimeoutError,
  NextmvClient,
  type TimeoutError,
  type Transport,
} from '../../../../src/core/api';
import { startFakeApi, type FakeApi } from '../../../tools/fake-api';
import { failOnUnhandledRejections, rejectionOf } from './helpers/fakeClient';

describe('fetchTransport', () => {
  failOnUnhandledRejections();
  let fake: FakeApi;
  let client: NextmvClient;
  const logs: string[] = [];

  before(async () => {
    fake = await startFakeApi({ seed: 'small', key: 'fetch-KEY-12345678' });
    const transport: Transport = fetchTransport(globalThis.fetch, {
      timeouts: { connectMs: 50, headersMs: 150, bodyMs: 100 },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      maxResponseBytes: 1024 * 1024,
      log: (l) => logs.push(l),
    });
    client = new NextmvClient({ baseUrl: fake.url, getApiKey: () => Promise.resolve(fake.key), transport });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('lists, creates, updates and deletes', async () => {
    assert.equal((await client.listWebhooks()).length, 3);
    const created = await client.createWebhook({ id: 'via-fetch', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' });
    const updated = await client.updateWebhook({ ...created, description: 'updated' });
    assert.equal(updated.description, 'updated');
    await client.deleteWebhook('via-fetch');
    assert.equal((await client.listWebhooks()).length, 3);
  });

  it('retries GET on 503 but not POST', async () => {
    fake.addFault({ route: 'listWebhooks', status: 503, times: 1 });
    assert.equal((await client.listWebhooks()).length, 3);
    assert.equal(fake.requestsTo('listWebhooks').length, 2);
    fake.addFault({ route: 'createWebhook', status: 503 });
    assert.ok(isServerError(await rejectionOf(client.createWebhook({ id: 'x', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))));
    assert.equal(fake.requestsTo('createWebhook').length, 1);
  });

  it('headers timeout, body timeout', async () => {
    fake.addFault({ route: 'listWebhooks', latencyMs: 2000 });
    const headers = (await rejectionOf(client.listWebhooks())) as TimeoutError;
    assert.ok(isTimeoutError(headers), String(headers));
    assert.equal(headers.phase, 'headers');
    fake.clearFaults();
    fake.addFault({ route: 'getWebhook', stall: true });
    const body = (await rejectionOf(client.getWebhook('orders-prod'))) as TimeoutError;
    assert.ok(isTimeoutError(body), String(body));
    assert.equal(body.phase, 'body');
  });

  it('size limit, malformed JSON, reset, cancel', async () => {
    fake.addFault({ route: 'listWebhooks', hugeBodyBytes: 4 * 1024 * 1024, times: 1 });
    const tooLarge = await rejectionOf(client.listWebhooks());
    assert.ok(isInvalidResponseError(tooLarge) && /too large/.test(tooLarge.userMessage), String(tooLarge));
    fake.addFault({ route: 'listWebhooks', malformedJson: true, times: 1 });
    assert.ok(isInvalidResponseError(await rejectionOf(client.listWebhooks())));
    fake.addFault({ route: 'createWebhook', reset: true, times: 1 });
    assert.ok(isNetworkError(await rejectionOf(client.createWebhook({ id: 'r', eventTypes: ['run.status'], endpointUrl: 'https://a.example.com/' }))));
    fake.addFault({ route: 'listWebhooks', latencyMs: 500, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    assert.ok(isCancelledError(await rejectionOf(client.listWebhooks({ signal: controller.signal }))));
  });

  it('keeps the key out of its log', () => {
    assert.ok(logs.length > 0);
    assert.ok(!logs.join('\n').includes(fake.key));
  });
});
