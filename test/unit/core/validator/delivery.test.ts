import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { headerValue } from '../../../../src/shared/headers';
import { headerLine, parseDelivery, readSignatureField, type ParsedDelivery, type PastedDelivery } from '../../../../src/core/validator/delivery';
import { verifySignature } from '../../../../src/core/validator/signature';

const SECRET = 'test-secret';
const BODY = '{"type":"run.status","data":{"run_id":"run-123","status_v2":"succeeded"}}';
const SIG = 't=1700000000,v1=cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30';

function ok(input: PastedDelivery | string): ParsedDelivery {
  const r = parseDelivery(typeof input === 'string' ? { delivery: input } : input);
  if (!r.ok) assert.fail(`expected a delivery, got the error: ${r.error}`);
  return r.delivery;
}

function error(input: PastedDelivery | string): string {
  const r = parseDelivery(typeof input === 'string' ? { delivery: input } : input);
  if (r.ok) assert.fail(`expected an error, got a delivery from ${r.delivery.source}`);
  return r.error;
}

function verifies(d: ParsedDelivery): boolean {
  return verifySignature({ header: d.signatureHeader, body: d.body, secret: SECRET, ignoreTimestamp: true }).valid;
}

const rawRequest = (eol: string, body = BODY) =>
  ['POST /hooks/nextmv HTTP/1.1', 'Host: example.com', 'Content-Type: application/json', `Nextmv-Signature: ${SIG}`, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join(eol);

describe('delivery: raw HTTP requests', () => {
  it('reads a CRLF request: request line, headers in order, exact body', () => {
    const d = ok(rawRequest('\r\n'));
    assert.equal(d.source, 'raw-http');
    assert.equal(d.method, 'POST');
    assert.equal(d.url, '/hooks/nextmv');
    assert.deepEqual(d.headers.map(([n]) => n), ['Host', 'Content-Type', 'Nextmv-Signature', 'Content-Length']);
    assert.equal(d.signatureHeader, SIG);
    assert.equal(d.body, BODY);
    assert.deepEqual(d.notes, []);
    assert.ok(verifies(d));
  });

  it('reads an LF-only request (text areas convert CRLF to LF)', () => {
    const d = ok(rawRequest('\n'));
    assert.equal(d.body, BODY);
    assert.deepEqual(d.notes, [], 'a body without line breaks is not affected by line endings');
    assert.ok(verifies(d));
  });

  it('keeps the CRLF line endings of a body, and says when LF-only ones may have changed it', () => {
    const body = '{\r\n  "a": 1\r\n}\r\n';
    assert.equal(ok(rawRequest('\r\n', body)).body, body);
    const lf = ok(['POST / HTTP/1.1', `Nextmv-Signature: ${SIG}`, '', '{\n  "a": 1\n}'].join('\n'));
    assert.equal(lf.body, '{\n  "a": 1\n}');
    assert.ok(lf.notes.some((n) => /LF line endings, not CRLF.*text area/.test(n)), lf.notes.join('|'));
  });

  it('finds the signature header in any case, and several of them', () => {
    for (const name of ['nextmv-signature', 'NEXTMV-SIGNATURE', 'NextMV-Signature']) {
      assert.equal(ok(`POST / HTTP/1.1\n${name}:   ${SIG}  \n\n${BODY}`).signatureHeader, SIG);
    }
    const two = ok(`POST / HTTP/1.1\nNextmv-Signature: ${SIG}\nnextmv-signature: t=1,v1=2\n\n${BODY}`);
    assert.equal(two.signatureHeader, SIG);
    assert.ok(two.notes.some((n) => /2 Nextmv-Signature headers; the first/.test(n)));
    assert.equal(headerValue(two.headers, 'NEXTMV-signature'), SIG);
  });

  it('unfolds folded header lines and accepts HTTP/2 and version-less request lines', () => {
    const d = ok(`POST /x HTTP/2\nNextmv-Signature: t=1700000000,\n  v1=cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30\n\n${BODY}`);
    assert.equal(d.signatureHeader, 't=1700000000, v1=cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30');
    assert.ok(verifies(d));
    assert.equal(ok(`post /y\nNextmv-Signature: ${SIG}\n\n${BODY}`).method, 'POST');
  });

  it('copes with a missing blank line before a JSON body, or no body at all', () => {
    const glued = ok(`POST / HTTP/1.1\nNextmv-Signature: ${SIG}\n${BODY}`);
    assert.equal(glued.body, BODY);
    assert.ok(glued.notes.some((n) => /no blank line between the headers and the body/.test(n)));
    const headersOnly = ok(`POST / HTTP/1.1\nNextmv-Signature: ${SIG}`);
    assert.equal(headersOnly.body, '');
    assert.ok(headersOnly.notes.some((n) => /No blank line follows the headers/.test(n)));
  });

  it('reads headers without a request line when a known header is among them', () => {
    const d = ok(`Content-Type: application/json\nNextmv-Signature: ${SIG}\n\n${BODY}`);
    assert.equal(d.source, 'raw-http');
    assert.equal(d.method, undefined);
    assert.ok(d.notes.some((n) => /no request line/.test(n)));
    assert.ok(verifies(d));
  });

  it('says when Content-Length disagrees, and why it probably does', () => {
    const plusNewline = ok(rawRequest('\r\n', BODY) + '\n');
    assert.ok(plusNewline.notes.some((n) => new RegExp(`Content-Length says ${BODY.length} bytes but the body has ${BODY.length + 1}.*trailing newline`).test(n)), plusNewline.notes.join('|'));
    const crlfBody = '{\r\n"a":1\r\n}';
    const converted = ok(['POST / HTTP/1.1', `Content-Length: ${crlfBody.length}`, '', crlfBody.replace(/\r\n/g, '\n')].join('\n'));
    assert.ok(converted.notes.some((n) => /converted from CRLF to LF/.test(n)), converted.notes.join('|'));
  });

  it('decodes a chunked body', () => {
    const d = ok(`POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nNextmv-Signature: ${SIG}\r\n\r\n10\r\n${BODY.slice(0, 16)}\r\n${(BODY.length - 16).toString(16)}\r\n${BODY.slice(16)}\r\n0\r\n\r\n`);
    assert.equal(d.body, BODY);
    assert.ok(verifies(d));
    const bad = ok(`POST / HTTP/1.1\nTransfer-Encoding: chunked\n\nnot chunked`);
    assert.equal(bad.body, 'not chunked');
    assert.ok(bad.notes.some((n) => /not valid chunked data/.test(n)));
  });

  it('points at a header that looks like the signature under another name', () => {
    const d = ok(`POST / HTTP/1.1\nX-Signature: ${SIG}\n\n${BODY}`);
    assert.equal(d.signatureHeader, undefined);
    assert.ok(d.notes.some((n) => /no Nextmv-Signature header, but there is "X-Signature"/.test(n)));
  });

  it('explains what it cannot read', () => {
    assert.match(error(`POST / HTTP/1.1\nthis is not a header\n\n${BODY}`), /Line 2 is not a header \("Name: value"\): "this is not a header"/);
    assert.match(error('HTTP/1.1 200 OK\nContent-Type: text/plain\n\nok'), /HTTP response.*paste the request/);
  });
});

describe('delivery: conversation JSON', () => {
  const conversation = {
    id: 'conv-8f3a2c',
    webhook_id: 'orders-prod',
    event_type: 'run.status',
    request: { url: 'https://example.com/hook', method: 'POST', headers: { 'Content-Type': 'application/json', 'Nextmv-Signature': SIG }, body: BODY },
    response: { status_code: 200, headers: {}, body: '{}' },
    error: null,
  };

  it('reads request.headers and the exact request.body', () => {
    const d = ok(JSON.stringify(conversation, null, 2));
    assert.equal(d.source, 'conversation-json');
    assert.equal(d.signatureHeader, SIG);
    assert.equal(d.body, BODY);
    assert.equal(d.method, 'POST');
    assert.equal(d.url, 'https://example.com/hook');
    assert.deepEqual(d.notes, []);
    assert.ok(verifies(d));
  });

  it('keeps escaped CRLF in the body and finds headers in any case', () => {
    const body = '{\r\n  "a": 1\r\n}';
    const d = ok(JSON.stringify({ request: { headers: { 'NEXTMV-SIGNATURE': SIG }, body } }));
    assert.equal(d.body, body);
    assert.equal(d.signatureHeader, SIG);
  });

  it('accepts headers as a list of pairs or of {name, value}, and multi-valued headers', () => {
    assert.equal(ok(JSON.stringify({ request: { headers: [['nextmv-signature', SIG]], body: BODY } })).signatureHeader, SIG);
    assert.equal(ok(JSON.stringify({ request: { headers: [{ name: 'Nextmv-Signature', value: SIG }], body: BODY } })).signatureHeader, SIG);
    assert.equal(ok(JSON.stringify({ request: { headers: { 'Nextmv-Signature': [SIG] }, body: BODY } })).signatureHeader, SIG);
  });

  it('reads a bare request object, and a list holding one conversation', () => {
    const bare = ok(JSON.stringify(conversation.request));
    assert.equal(bare.source, 'conversation-json');
    assert.ok(verifies(bare));
    assert.ok(verifies(ok(JSON.stringify({ items: [conversation] }))));
    assert.match(error(JSON.stringify([conversation, conversation])), /list of 2 conversations: paste a single conversation/);
  });

  it('warns when the body is not a string, or missing', () => {
    const objectBody = ok(JSON.stringify({ request: { headers: { 'Nextmv-Signature': SIG }, body: JSON.parse(BODY) as unknown } }));
    assert.equal(objectBody.body, BODY);
    assert.ok(objectBody.notes.some((n) => /request.body is JSON, not a string/.test(n)));
    const none = ok(JSON.stringify({ request: { headers: {}, body: null } }));
    assert.equal(none.body, '');
    assert.ok(none.notes.some((n) => /no request body/.test(n)));
  });

  it('says when a conversation is not valid JSON', () => {
    assert.match(error('{"request": {"headers": {}, "body": "x"'), /looks like a conversation JSON but is not valid JSON/);
  });

  it('treats any other JSON as the body itself, byte for byte', () => {
    const d = ok(BODY);
    assert.equal(d.source, 'body-only');
    assert.equal(d.body, BODY);
    const notJson = '{"a": 1,';
    assert.equal(ok(notJson).body, notJson);
  });
});

describe('delivery: fields pasted apart', () => {
  it('a bare value, a header line, or a block of header lines in the Signature header field', () => {
    for (const field of [SIG, `  ${SIG}  `, `Nextmv-Signature: ${SIG}`, `nextmv-signature:${SIG}`, `Content-Type: application/json\nNextmv-Signature: ${SIG}\n`]) {
      const d = ok({ signatureHeader: field, body: BODY });
      assert.equal(d.source, 'separate-fields');
      assert.equal(d.signatureHeader, SIG, field);
      assert.deepEqual(d.headers, [['Nextmv-Signature', SIG]]);
      assert.ok(verifies(d), field);
    }
    assert.deepEqual(readSignatureField(`X-Sig: ${SIG}`).value, SIG);
    assert.match(readSignatureField(`X-Sig: ${SIG}`).notes[0], /names "X-Sig"/);
    assert.match(error({ signatureHeader: 'Host: a\nContent-Type: b', body: BODY }), /2 lines but none is "Nextmv-Signature: …"/);
  });

  it('a signature without a body checks an empty body, and says so', () => {
    const d = ok({ signatureHeader: SIG });
    assert.equal(d.body, '');
    assert.ok(d.notes.some((n) => /Body field is empty/.test(n)));
  });

  it('the fields override what the Delivery text holds, with a note', () => {
    const d = ok({ delivery: rawRequest('\n', '{"other":true}'), body: BODY, signatureHeader: `Nextmv-Signature: ${SIG}` });
    assert.equal(d.body, BODY);
    assert.equal(d.signatureHeader, SIG);
    assert.ok(d.notes.some((n) => /Body field is used instead/.test(n)));
    const header = ok({ delivery: BODY, signatureHeader: SIG });
    assert.equal(header.source, 'body-only');
    assert.equal(header.signatureHeader, SIG);
    assert.ok(verifies(header));
    const replaced = ok({ delivery: `POST / HTTP/1.1\nNextmv-Signature: t=1,v1=2\n\n${BODY}`, signatureHeader: SIG });
    assert.ok(replaced.notes.some((n) => /Signature header field is used instead/.test(n)));
  });
});

describe('delivery: curl commands', () => {
  it('reads -H and --data-raw with quotes and line continuations', () => {
    const cmd = `curl -X POST 'https://example.com/hook' \\\n  -H 'Content-Type: application/json' \\\n  -H "Nextmv-Signature: ${SIG}" \\\n  --data-raw '${BODY}'`;
    const d = ok(cmd);
    assert.equal(d.source, 'curl');
    assert.equal(d.method, 'POST');
    assert.equal(d.url, 'https://example.com/hook');
    assert.equal(d.body, BODY);
    assert.ok(verifies(d));
  });

  it("decodes $'…' bodies with \\r\\n, attached -H values and -d joined with &", () => {
    const d = ok(`curl https://x -H'Nextmv-Signature: ${SIG}' --data-binary $'{\\r\\n"a":1\\r\\n}'`);
    assert.equal(d.body, '{\r\n"a":1\r\n}');
    assert.equal(d.signatureHeader, SIG);
    const two = ok(`curl https://x -d a=1 -d b=2`);
    assert.equal(two.body, 'a=1&b=2');
    assert.ok(two.notes.some((n) => /joins its 2 data options/.test(n)));
  });

  it('explains what it cannot read', () => {
    assert.match(error(`curl https://x -d @body.json`), /reads its body from a file/);
    assert.match(error(`curl https://x -d '{"a":1}`), /unterminated single quote/);
    assert.match(error(`curl https://x -H`), /option -H has no value/);
  });
});

describe('delivery: bodies and garbage', () => {
  it('anything else is the body, exactly (leading and trailing whitespace kept)', () => {
    for (const text of ['hello world', '  {"a":1}\n', 'a=1&b=2', '\u00e9\u{1F600}']) {
      const d = ok(text);
      assert.equal(d.source, 'body-only');
      assert.equal(d.body, text);
      assert.equal(d.signatureHeader, undefined);
    }
  });

  it('asks for something to check when nothing was pasted', () => {
    for (const input of [{}, { delivery: '' }, { delivery: ' \n\t' }, { signatureHeader: '   ' }]) {
      assert.match(error(input), /Paste a delivery/);
    }
  });

  it('property: never throws, whatever is pasted (10,000 runs)', () => {
    const piece = fc.constantFrom('POST / HTTP/1.1', 'Nextmv-Signature: ', 'curl ', "'", '"', '$\'', '\\', '\r\n', '\n', '{', '}', '"request":', ':', 'Content-Length: 3', 'Transfer-Encoding: chunked', '0\r\n');
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, fc.option(fc.string({ maxLength: 20 })), fc.option(text), (delivery, signatureHeader, body) => {
        const r = parseDelivery({ delivery, signatureHeader: signatureHeader ?? undefined, body: body ?? undefined });
        return r.ok ? typeof r.delivery.body === 'string' && Array.isArray(r.delivery.notes) : typeof r.error === 'string' && r.error.length > 0;
      }),
      { numRuns: 10_000, seed: 7 },
    );
    const hostile = parseDelivery(null as unknown as PastedDelivery);
    assert.equal(hostile.ok, false);
  });
});

describe('delivery: header lines', () => {
  /** The header-line regex this parser used before it became linear: the reference for short inputs. */
  const OLD_HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;

  it('property: reads every line exactly as the old regex did (10,000 runs)', () => {
    const piece = fc.constantFrom(' ', '\t', ':', 'a', 'Z', '-', '9', '!', '(', '\r', '\n', '\u2028', '\u2029', 'é', 'Nextmv-Signature', 't=1,v1=ab');
    const line = fc.array(piece, { maxLength: 14 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(line, fc.string({ maxLength: 30 })), (text) => {
        const m = OLD_HEADER_LINE.exec(text);
        assert.deepEqual(headerLine(text), m ? [m[1], m[2]] : undefined, JSON.stringify(text));
      }),
      { numRuns: 10_000, seed: 12 },
    );
  });

  it('a header line with 200,000 spaces inside its value is read in linear time (a worker that must finish within 10 s; the old regex needed minutes)', async function () {
    this.timeout(30_000);
    // The parse runs in a worker so that a quadratic parser can be stopped: on the old code each of these
    // inputs took about 100 s (30,000 spaces ≈ 1 s, quadratic), here they take a few milliseconds.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      require(workerData.tsx);
      const { parseDelivery, readSignatureField } = require(workerData.module);
      const spaces = ' '.repeat(200000);
      const raw = parseDelivery({ delivery: 'POST /hook HTTP/1.1\\nNextmv-Signature: t=1' + spaces + 'v1=ab\\n\\n{}' });
      const block = parseDelivery({ delivery: 'Content-Type: a' + spaces + 'b\\n\\n{}' });
      const field = readSignatureField('Nextmv-Signature: t=1' + spaces + 'v1=ab');
      const broken = parseDelivery({ delivery: 'POST /hook HTTP/1.1\\nX-Thing: a' + spaces + '\\rb\\n\\n{}' });
      parentPort.postMessage({
        raw: raw.ok && raw.delivery.signatureHeader.length,
        block: block.ok && block.delivery.source,
        field: field.value.length,
        broken: !broken.ok,
      });`;
    const worker = new Worker(code, { eval: true, workerData: { tsx: require.resolve('tsx/cjs'), module: require.resolve('../../../../src/core/validator/delivery') } });
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('parsing one long header line took more than 10 s: it is not linear')), 10_000);
        }),
      ]);
      assert.deepEqual(result, { raw: 200_000 + 't=1v1=ab'.length, block: 'raw-http', field: 200_000 + 't=1v1=ab'.length, broken: true });
    } finally {
      clearTimeout(timer);
      await worker.terminate();
    }
  });
});
