/** With a proxy configured (http.proxy or HTTP_PROXY), requests go through it; noProxy bypasses it. */
import { strict as assert } from 'assert';
import { effectiveProxy, isNetworkError, NextmvClient, UndiciTransport, type NetworkError, type UndiciTransportOptions } from '../../../../src/core/api';
import { startFakeApi, type FakeApi } from '../../../tools/fake-api';
import { startForwardProxy, type ForwardProxy } from './helpers/forwardProxy';
import { FAST_TRANSPORT, rejectionOf } from './helpers/fakeClient';
import { startSelfSignedServer, type TlsServer } from './helpers/tlsServer';

describe('UndiciTransport through a proxy', () => {
  let fake: FakeApi;
  let proxy: ForwardProxy;
  const transports: UndiciTransport[] = [];

  before(async () => {
    fake = await startFakeApi({ seed: 'small' });
    proxy = await startForwardProxy();
  });
  after(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await proxy.close();
    await fake.close();
  });
  beforeEach(() => {
    proxy.forwarded.length = 0;
    proxy.tunnels.length = 0;
    proxy.proxyAuthorizations.length = 0;
    fake.clearRequests();
  });

  function clientWith(options: UndiciTransportOptions): { client: NextmvClient; transport: UndiciTransport } {
    const transport = new UndiciTransport({ ...FAST_TRANSPORT, ...options });
    transports.push(transport);
    return { transport, client: new NextmvClient({ baseUrl: fake.url, getApiKey: () => Promise.resolve(fake.key), transport }) };
  }

  it('http.proxy: every request passes through the proxy, with Proxy-Authorization', async () => {
    const { client } = clientWith({ proxy: { proxy: proxy.url, proxyAuthorization: 'Basic dXNlcjpwYXNz' } });
    const list = await client.listWebhooks();
    await client.getWebhook('orders-prod');
    assert.equal(list.length, 3);
    assert.deepEqual(proxy.forwarded, [`GET ${fake.url}/v1/webhooks`, `GET ${fake.url}/v1/webhooks/orders-prod`]);
    assert.deepEqual(proxy.proxyAuthorizations, ['Basic dXNlcjpwYXNz', 'Basic dXNlcjpwYXNz']);
    assert.equal(fake.requests.length, 2, 'the API got them through the proxy');
  });

  it('HTTP_PROXY from the environment is used when the setting is empty', async () => {
    const { client } = clientWith({ proxy: { proxy: '' }, env: { HTTP_PROXY: proxy.url } });
    await client.listWebhooks();
    assert.equal(proxy.forwarded.length, 1);
  });

  it('http.noProxy (and NO_PROXY) bypass the proxy', async () => {
    const viaSetting = clientWith({ proxy: { proxy: proxy.url, noProxy: ['127.0.0.1'] } }).client;
    await viaSetting.listWebhooks();
    const viaEnv = clientWith({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } }).client;
    await viaEnv.listWebhooks();
    assert.equal(proxy.forwarded.length + proxy.tunnels.length, 0);
    assert.equal(fake.requests.length, 2);
  });

  it('updateProxySettings switches later requests to the new route', async () => {
    const { client, transport } = clientWith({});
    await client.listWebhooks();
    assert.equal(proxy.forwarded.length, 0);
    transport.updateProxySettings({ proxy: proxy.url });
    await client.listWebhooks();
    assert.equal(proxy.forwarded.length, 1);
    transport.updateProxySettings(undefined);
    await client.listWebhooks();
    assert.equal(proxy.forwarded.length, 1);
  });

  it('an invalid proxy URL gives a Network error naming the setting, not a crash', async () => {
    const { client } = clientWith({ proxy: { proxy: 'not a url' } });
    const err = (await rejectionOf(client.listWebhooks())) as NetworkError;
    assert.ok(isNetworkError(err), String(err));
    assert.equal(err.code, 'PROXY_CONFIG');
    assert.match(err.userMessage, /http\.proxy/);
  });

  it('a proxy that refuses the tunnel gives a Network error about the proxy', async () => {
    // https targets are tunnelled with CONNECT; this "proxy" answers 407 to everything
    const http = await import('node:http');
    const refusing = http.createServer();
    refusing.on('connect', (_req, socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const port = (refusing.address() as { port: number }).port;
      const transport = new UndiciTransport({ ...FAST_TRANSPORT, proxy: { proxy: `http://127.0.0.1:${port}` } });
      transports.push(transport);
      const client = new NextmvClient({ baseUrl: 'https://api.cloud.nextmv.io', getApiKey: () => Promise.resolve('k-123456789'), transport });
      const err = (await rejectionOf(client.listWebhooks())) as NetworkError;
      assert.ok(isNetworkError(err), String(err));
      assert.equal(err.code, 'PROXY');
      assert.match(err.userMessage, /proxy refused/);
    } finally {
      refusing.closeAllConnections();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  describe('http.proxyStrictSSL (VS Code: "whether the proxy server certificate should be verified")', () => {
    let tls: TlsServer;
    before(async () => {
      tls = await startSelfSignedServer();
    });
    after(() => tls.close());

    const listAt = (options: UndiciTransportOptions) => {
      const transport = new UndiciTransport({ ...FAST_TRANSPORT, ...options });
      transports.push(transport);
      return new NextmvClient({ baseUrl: tls.url, getApiKey: () => Promise.resolve('k-123456789'), transport }).listWebhooks();
    };

    it('false does not switch off certificate checks on a direct connection (no proxy)', async () => {
      const err = (await rejectionOf(listAt({ proxy: { strictSSL: false } }))) as NetworkError;
      assert.ok(isNetworkError(err), String(err));
      assert.match(err.userMessage, /could not be verified/);
      assert.equal(tls.requests, 0, 'nothing was sent over the unverified connection');
    });

    it('false lets a request through a proxy to a server whose certificate cannot be verified; true refuses it', async () => {
      const before = tls.requests;
      assert.deepEqual(await listAt({ proxy: { proxy: proxy.url, strictSSL: false } }), []);
      assert.equal(proxy.tunnels.length, 1, 'through the proxy');
      const err = (await rejectionOf(listAt({ proxy: { proxy: proxy.url, strictSSL: true } }))) as NetworkError;
      assert.ok(isNetworkError(err), String(err));
      assert.match(err.userMessage, /could not be verified/);
      assert.equal(tls.requests, before + 1, 'only the unchecked request got through');
    });
  });

  it('effectiveProxy: the setting wins over the environment; lower-case variables count', () => {
    assert.deepEqual(effectiveProxy({ proxy: 'http://a:1' }, { HTTP_PROXY: 'http://b:2', https_proxy: 'http://c:3' }), { httpProxy: 'http://a:1', httpsProxy: 'http://a:1', noProxy: '' });
    assert.deepEqual(effectiveProxy({}, { http_proxy: 'http://b:2', HTTPS_PROXY: 'http://c:3', no_proxy: 'x.com' }), { httpProxy: 'http://b:2', httpsProxy: 'http://c:3', noProxy: 'x.com' });
    assert.deepEqual(effectiveProxy({ noProxy: ['a.com', 'b.com'] }, { NO_PROXY: 'x.com' }).noProxy, 'a.com,b.com');
  });
});
