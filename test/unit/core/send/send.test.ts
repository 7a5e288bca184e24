/**
 * Sending through the project's real transport (UndiciTransport) to local servers that misbehave: every bad
 * outcome is one line, nothing is retried, nothing is followed.
 */
import { strict as assert } from 'assert';
import { UndiciTransport } from '../../../../src/core/api';
import { buildOutgoingRequest } from '../../../../src/core/send/request';
import { sendRequest, type SendLimits, type SendResult } from '../../../../src/core/send/send';
import { SECRET } from '../inspector/fixtures';
import { endlessAnswer, serve, type TestServer } from '../../../tools/handlers/servers';

// as src/handlerLoop/sender.ts sets them: connecting, then T for the answer to begin, connecting + 2T for the whole
const LIMITS: SendLimits = { timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300, totalMs: 900 }, maxResponseBytes: 64 * 1024 };

const servers: TestServer[] = [];
let transport: UndiciTransport;
beforeEach(() => {
  transport = new UndiciTransport({ timeouts: LIMITS.timeouts, maxResponseBytes: LIMITS.maxResponseBytes, proxy: {}, env: {} });
});
afterEach(async () => {
  await transport.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(handle: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handle);
  servers.push(s);
  return s;
}

const BODY = '{"type":"run.status","data":{"run_id":"run-ü 😀"}}';

function send(url: string, body = BODY): Promise<SendResult> {
  const req = buildOutgoingRequest({ url, body, secret: SECRET, nowMs: Date.now(), unit: 'seconds' });
  return sendRequest(transport, req, { limits: LIMITS, clock: () => performance.now() });
}

const failure = (r: SendResult) => {
  assert.equal(r.kind, 'failed', JSON.stringify(r));
  return r as Extract<SendResult, { kind: 'failed' }>;
};

describe('sending a local attempt through the real transport', () => {
  it('the target receives exactly the body bytes and the signature; the answer comes back with its latency', async () => {
    const s = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"message":"Webhook received!"}'));
    const r = await send(`${s.url}/webhookhandler`);
    assert.equal(r.kind, 'answered');
    assert.ok(r.kind === 'answered' && r.status === 200 && r.body === '{"message":"Webhook received!"}' && r.latencyMs >= 0);
    assert.equal(s.received.length, 1);
    assert.equal(s.received[0].method, 'POST');
    assert.equal(s.received[0].path, '/webhookhandler');
    assert.ok(s.received[0].body.equals(Buffer.from(BODY, 'utf8')), 'the exact UTF-8 bytes');
    assert.match(String(s.received[0].headers['nextmv-signature']), /^t=\d{10},v1=[0-9a-f]{64}$/);
  });

  it('a redirect is the answer: reported, not followed', async () => {
    const elsewhere = await server((_req, res) => res.end('followed'));
    const s = await server((_req, res) => res.writeHead(307, { location: `${elsewhere.url}/moved` }).end());
    const r = await send(`${s.url}/hook`);
    assert.ok(r.kind === 'answered' && r.status === 307 && r.headers.location === `${elsewhere.url}/moved`);
    assert.equal(elsewhere.received.length, 0, 'nothing reached the redirect target');
  });

  it('an unreachable target: one line, tried once', async () => {
    const s = await server(() => undefined);
    const port = new URL(s.url).port;
    await s.close();
    const r = failure(await send(`http://127.0.0.1:${port}/hook`));
    assert.equal(r.error, `error: could not connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED). Is the handler running and listening on that port?`);
    assert.equal(r.timedOut, false);
  });

  it('a connection closed without an answer is not retried', async () => {
    const s = await server((req) => req.socket.destroy());
    const r = failure(await send(`${s.url}/hook`));
    assert.match(r.error, /^error: 127\.0\.0\.1:\d+ closed the connection without a complete answer \((ECONNRESET|UND_ERR_SOCKET)\)\.$/);
    assert.equal(s.received.length, 1, 'sent once');
  });

  it('a huge answer is not read: declared, or streamed without a length', async () => {
    const declared = await server((_req, res) => res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end(Buffer.alloc(10 * 1024 * 1024, 'x')));
    assert.match(failure(await send(`${declared.url}/hook`)).error, /^error: 127\.0\.0\.1:\d+ answered with more than 64 KB; the answer was not read\.$/);
    const streamed = await server(endlessAnswer());
    assert.match(failure(await send(`${streamed.url}/hook`)).error, /answered with more than 64 KB/);
  });

  it('a target that hangs, or drips its answer forever, ends at its deadline', async () => {
    const hangs = await server(() => undefined);
    const hung = failure(await send(`${hangs.url}/hook`));
    assert.equal(hung.timedOut, true);
    assert.match(hung.error, /^timeout: 127\.0\.0\.1:\d+ did not answer within 0\.6 s; nothing was retried\.$/);
    const drips = await server((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('.')), 50);
    });
    const dripped = failure(await send(`${drips.url}/hook`));
    assert.match(dripped.error, /^timeout: 127\.0\.0\.1:\d+ did not finish its answer within 0\.9 s/);
    assert.equal(hangs.received.length + drips.received.length, 2, 'each sent once');
  });

  it('a cancelled send says so', async () => {
    const s = await server(() => undefined);
    const abort = new AbortController();
    const req = buildOutgoingRequest({ url: `${s.url}/hook`, body: BODY, secret: SECRET, nowMs: Date.now(), unit: 'seconds' });
    const pending = sendRequest(transport, req, { limits: LIMITS, clock: () => performance.now(), signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    assert.match(failure(await pending).error, /^error: cancelled before 127\.0\.0\.1:\d+ answered\.$/);
  });
});
