import { strict as assert } from 'assert';
import { baseUrlProblem, normalizeBaseUrl, normalizeEndpoint } from '../../../../src/core/api/baseUrl';
import { NextmvClient } from '../../../../src/core/api/client';
import { isInvalidBaseUrlError } from '../../../../src/core/api/errors';
import type { Transport } from '../../../../src/core/api/transport';

describe('API root: bare hosts as Nextmv\'s SDK and CLI take them', () => {
  it('a value without a scheme is a host reached over https, as the SDK does with NEXTMV_ENDPOINT', () => {
    assert.equal(normalizeEndpoint('api.cloud.nextmv.io'), 'https://api.cloud.nextmv.io');
    assert.equal(normalizeEndpoint('custom.api.io'), 'https://custom.api.io');
    assert.equal(normalizeEndpoint(' localhost:8080 '), 'https://localhost:8080');
    assert.equal(normalizeEndpoint('127.0.0.1:8443'), 'https://127.0.0.1:8443');
    assert.equal(normalizeEndpoint('[::1]:8443'), 'https://[::1]:8443');
    assert.equal(normalizeEndpoint('gw.example.com/nextmv'), 'https://gw.example.com/nextmv');
  });

  it('http:// and https:// are kept as they are (any case); another scheme is kept, to be refused', () => {
    assert.equal(normalizeEndpoint('http://127.0.0.1:8787'), 'http://127.0.0.1:8787');
    assert.equal(normalizeEndpoint('https://api.cloud.nextmv.io'), 'https://api.cloud.nextmv.io');
    assert.equal(normalizeEndpoint('HTTP://Example.com'), 'HTTP://Example.com');
    assert.equal(normalizeEndpoint('ftp://example.com'), 'ftp://example.com');
    assert.equal(normalizeEndpoint('   '), '');
  });

  it('normalizeBaseUrl takes every form: bare host, host:port, with scheme, with /v1', () => {
    assert.equal(normalizeBaseUrl('api.cloud.nextmv.io'), 'https://api.cloud.nextmv.io');
    assert.equal(normalizeBaseUrl('localhost:8080'), 'https://localhost:8080');
    assert.equal(normalizeBaseUrl('custom.api.io/v1/'), 'https://custom.api.io');
    assert.equal(normalizeBaseUrl('http://localhost:8080'), 'http://localhost:8080');
  });

  it('still refuses what no SDK form allows, saying why and where to fix it', () => {
    assert.match(baseUrlProblem('ftp://example.com') ?? '', /"ftp:" is not http: or https:/);
    assert.match(baseUrlProblem('exa mple.com') ?? '', /not a host name/);
    assert.match(baseUrlProblem('user:secret@example.com') ?? '', /user name or password/);
    assert.doesNotMatch(baseUrlProblem('user:secret@example.com') ?? '', /secret/);
    assert.match(baseUrlProblem('host?x=1') ?? '', /query/);
    assert.match(baseUrlProblem('') ?? '', /empty.*nextmvWebhooks\.apiUrl/);
    assert.match(baseUrlProblem('ftp://x', 'Fix the endpoint of profile "staging" in ~/.nextmv/config.yaml.') ?? '', /profile "staging"/);
    assert.doesNotMatch(baseUrlProblem('ftp://x', 'Fix it there.') ?? '', /nextmvWebhooks\.apiUrl/);
  });

  it('the client sends a bare host\'s requests to https://host:port/v1/…', async () => {
    const urls: string[] = [];
    const transport: Transport = {
      request: async (r) => {
        urls.push(r.url);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' };
      },
    };
    const client = new NextmvClient({ baseUrl: '127.0.0.1:9443', getApiKey: async () => 'k-123456789', transport });
    assert.equal(client.baseUrl, 'https://127.0.0.1:9443');
    await client.listWebhooks();
    assert.deepEqual(urls, ['https://127.0.0.1:9443/v1/webhooks']);
  });

  it('an invalid root reaches the caller as one error naming where to fix it, on each call', async () => {
    const transport: Transport = { request: async () => assert.fail('nothing is sent') };
    const client = new NextmvClient({ baseUrl: 'ftp://x', baseUrlFix: 'Fix account "staging".', getApiKey: async () => 'k-123456789', transport });
    await assert.rejects(client.listWebhooks(), (err: unknown) => isInvalidBaseUrlError(err) && /account "staging"/.test(err.userMessage));
  });
});
