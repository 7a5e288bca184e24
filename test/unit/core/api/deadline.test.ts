/**
 * The whole-request deadline: a server that keeps dripping bytes never trips the pause-between-chunks
 * timeout, so without it a request could last forever. A real local server drips here.
 */
import { strict as assert } from 'assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTransport, isTimeoutError, UndiciTransport, type TimeoutError, type Transport } from '../../../../src/core/api';
import { failOnUnhandledRejections, rejectionOf } from './helpers/fakeClient';

describe('whole-request deadline', () => {
  failOnUnhandledRejections();
  let server: http.Server;
  let url: string;
  let served = 0;

  before(async () => {
    // 200 at once, then one byte every 100 ms; it would end the body after 8 s
    server = http.createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const drip = setInterval(() => res.write(' '), 100);
      const end = setTimeout(() => res.end(']'), 8000);
      res.on('close', () => {
        clearInterval(drip);
        clearTimeout(end);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // a pause of 500 ms between chunks would be a timeout; the drip never pauses that long
  const timeouts = { connectMs: 1000, headersMs: 1000, bodyMs: 500, totalMs: 1500 };
  const transports: [string, () => Transport & { close?(): Promise<void> }][] = [
    ['UndiciTransport', () => new UndiciTransport({ env: {}, timeouts })],
    ['fetchTransport', () => fetchTransport(globalThis.fetch, { timeouts })],
  ];
  for (const [name, make] of transports) {
    it(`${name}: a server that drips a byte every 100 ms fails after totalMs with a timeout that says so`, async function () {
      this.timeout(20_000);
      const transport = make();
      const before = served;
      try {
        const err = (await rejectionOf(transport.request({ method: 'GET', url }))) as TimeoutError;
        assert.ok(isTimeoutError(err), String(err));
        assert.equal(err.phase, 'total');
        assert.equal(err.timeoutMs, 1500);
        assert.match(err.userMessage, /127\.0\.0\.1:\d+ did not finish its response within 1\.5 s \(timeout\)/);
        assert.equal(served, before + 1, 'a timeout is not retried');
      } finally {
        await transport.close?.();
      }
    });
  }
});
