import { strict as assert } from 'assert';
import { createHash, createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import {
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_MAX_SKEW_SECONDS,
  computeSignature,
  parseSignatureHeader,
  signDelivery,
  verifySignature,
  type VerifyInput,
  type VerifyResult,
} from '../../../../src/core/validator/signature';
import { diagnoseMismatch } from '../../../../src/core/validator/signatureHints';

// The test vectors (secret test-secret) over the one run.status body shape the fake, the tests and the docs use:
// "type", not "event_type". The notes on Nextmv's API first gave the same body with "event_type" (checked below).
const SECRET = 'test-secret';
const BODY = '{"type":"run.status","data":{"run_id":"run-123","status_v2":"succeeded"}}';
const T_S = '1700000000';
const T_MS = '1700000000000';
const V_S = 'cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30';
const V_MS = 'd4e37410205aa2d8115389d5cdc0c2818895d8ea99a0e35c14b4507514e1cb27';
/** ms since epoch, `seconds` after the vector's t */
const after = (seconds: number) => (Number(T_S) + seconds) * 1000;

function verify(over: Partial<VerifyInput> = {}): VerifyResult {
  return verifySignature({ header: `t=${T_S},v1=${V_S}`, body: BODY, secret: SECRET, now: after(10), ...over });
}

/** header of a delivery whose v1 was made some other way */
function headerFor(v1: string, t = T_S): string {
  return `t=${t},v1=${v1}`;
}

function hmacHex(key: string | Buffer, payload: string, algorithm = 'sha256'): string {
  return createHmac(algorithm, key).update(payload).digest('hex');
}

function assertHint(r: VerifyResult, id: string, text?: RegExp): void {
  assert.equal(r.valid, false, 'expected an invalid result');
  const i = r.hintIds.indexOf(id as never);
  assert.ok(i >= 0, `expected hint ${id}, got ${JSON.stringify(r.hintIds)}`);
  if (text) assert.match(r.hints[i], text);
  assert.equal(r.hints.length, r.hintIds.length);
}

describe('signature: the documented test vectors', () => {
  it('signs t in seconds and in milliseconds as the docs say', () => {
    assert.equal(signDelivery({ body: BODY, secret: SECRET, timestamp: 1700000000 }), `t=${T_S},v1=${V_S}`);
    assert.equal(signDelivery({ body: BODY, secret: SECRET, timestamp: T_MS }), `t=${T_MS},v1=${V_MS}`);
    assert.equal(computeSignature(SECRET, T_S, Buffer.from(BODY)), V_S);
  });

  it('the earlier vectors over the "event_type" body still verify: the signature covers bytes, not field names', () => {
    const eventTypeBody = BODY.replace('"type"', '"event_type"');
    assert.equal(computeSignature(SECRET, T_S, Buffer.from(eventTypeBody)), '1834317a952b057f6d7b8ce82e0b1473b67cac53594b02274373239a0bd9eccd');
    assert.equal(computeSignature(SECRET, T_MS, Buffer.from(eventTypeBody)), '86532de62638cfa8c2dea660bc1cb4d9cb47860ca1f8273acc214b3ef19a67a5');
  });

  it('verifies both vectors and reports the unit it assumed', () => {
    const s = verify();
    assert.equal(s.valid, true);
    assert.equal(s.reason, 'ok');
    assert.equal(s.timestampUnit, 'seconds');
    assert.equal(s.ageSeconds, 10);
    assert.deepEqual(s.hints, []);
    assert.equal(s.expectedSignature, V_S);
    assert.equal(s.matchedSignatureIndex, 0);
    assert.equal(s.signedPayloadPreview, `${T_S}.${BODY}`);
    assert.deepEqual(
      s.checks.map((c) => [c.name, c.ok]),
      [
        ['Header present', true],
        ['Header format', true],
        ['Signature', true],
        ['Timestamp', true],
      ],
    );

    const ms = verify({ header: `t=${T_MS},v1=${V_MS}` });
    assert.equal(ms.valid, true);
    assert.equal(ms.timestampUnit, 'milliseconds');
    assert.equal(ms.ageSeconds, 10);
    assert.deepEqual(ms.hintIds, ['timestamp-milliseconds']);
    assert.match(ms.hints[0], /milliseconds.*divide t by 1000/);
  });

  it('hashes a Uint8Array body like the same string', () => {
    assert.equal(verify({ body: new TextEncoder().encode(BODY) }).valid, true);
    const inLargerBuffer = Buffer.from(`xx${BODY}yy`).subarray(2, 2 + BODY.length);
    assert.equal(verify({ body: inLargerBuffer }).valid, true);
    assert.equal(verify({ body: inLargerBuffer }).signedPayloadPreview, `${T_S}.${BODY}`);
  });
});

describe('signature: parsing the header', () => {
  it('takes pairs in any order, with spaces, and ignores unknown keys', () => {
    const r = verify({ header: `  v0=abc , v1 = ${V_S} ,  t = ${T_S} , scheme=x ` });
    assert.equal(r.valid, true);
    assert.match(r.checks[1].detail, /ignored: v0, scheme/);
  });

  it('accepts several v1 values; any match passes', () => {
    const r = verify({ header: `t=${T_S},v1=${'0'.repeat(64)},v1=${V_S},v1=short` });
    assert.equal(r.valid, true);
    assert.equal(r.matchedSignatureIndex, 1);
    assert.match(r.checks[2].detail, /v1 #2 of 3/);
  });

  it('tolerates a pasted header name, quotes and upper-case keys', () => {
    const r = verify({ header: `Nextmv-Signature: "T=${T_S},V1=${V_S}"` });
    assert.equal(r.valid, true);
    const parsed = parseSignatureHeader(`nextmv-signature:t=${T_S},v1=${V_S}`);
    assert.equal(parsed.timestamp, T_S);
    assert.deepEqual(parsed.signatures, [V_S]);
    assert.equal(parsed.notes.length, 1);
  });

  it('keeps t exactly as written for the HMAC (leading zeros included)', () => {
    const t = `0${T_S}`;
    const header = signDelivery({ body: BODY, secret: SECRET, timestamp: t });
    assert.notEqual(header, `t=${T_S},v1=${V_S}`);
    assert.equal(verify({ header }).valid, true);
    assert.equal(verify({ header: `t=${t},v1=${V_S}` }).reason, 'signature-mismatch');
  });
});

describe('signature: every reason', () => {
  it('ok', () => assert.equal(verify().reason, 'ok'));

  it('missing-header for undefined, empty and blank headers', () => {
    for (const header of [undefined, '', '   \n']) {
      const r = verify({ header });
      assert.equal(r.reason, 'missing-header');
      assert.equal(r.valid, false);
      assert.deepEqual(r.hintIds, ['missing-header']);
      assert.deepEqual(r.checks, [{ name: 'Header present', ok: false, detail: 'No Nextmv-Signature header was given.' }]);
    }
  });

  it('malformed-header: no t, a t that is not a whole number, pairs without =, several t, ";" separators', () => {
    const cases: [string, RegExp][] = [
      [`v1=${V_S}`, /no t=/],
      [`t=abc,v1=${V_S}`, /t=abc is not a whole number/],
      [`t=1.5,v1=${V_S}`, /not a whole number/],
      [`t=-5,v1=${V_S}`, /not a whole number/],
      [`t=,v1=${V_S}`, /t is empty/],
      [`t=${'9'.repeat(30)},v1=${V_S}`, /too large/],
      ['garbage', /"garbage" is not a key=value pair/],
      [`t=${T_S},t=1,v1=${V_S}`, /2 different t values/],
      [`t=${T_S};v1=${V_S}`, /separated by ";"/],
    ];
    for (const [header, detail] of cases) {
      const r = verify({ header });
      assert.equal(r.reason, 'malformed-header', header);
      assert.equal(r.checks.find((c) => c.name === 'Header format')?.ok, false, header);
      assert.match(r.checks.find((c) => c.name === 'Header format')!.detail, detail, header);
      assertHint(r, 'malformed-header', /t=<Unix time>,v1=<64 hex characters>/);
    }
  });

  it('no-signature: t but no (or an empty) v1', () => {
    for (const header of [`t=${T_S}`, `t=${T_S},v0=${V_S}`, `t=${T_S},v1=`]) {
      const r = verify({ header });
      assert.equal(r.reason, 'no-signature', header);
      assertHint(r, 'no-signature', /Nextmv puts the HMAC-SHA256 in v1/);
      assert.equal(r.expectedSignature, V_S, 'the expected signature is still shown');
    }
    assert.match(verify({ header: `t=${T_S},v0=x` }).hints[0], /only has v0=/);
  });

  it('signature-mismatch', () => {
    const r = verify({ secret: 'another-secret' });
    assert.equal(r.reason, 'signature-mismatch');
    assert.equal(r.checks.find((c) => c.name === 'Signature')?.ok, false);
    assert.match(r.checks.find((c) => c.name === 'Signature')!.detail, /does not match the expected [0-9a-f]{64}/);
    assert.equal(r.matchedSignatureIndex, undefined);
  });

  it('a mismatch wins over a stale timestamp, and the timestamp check still shows', () => {
    const r = verify({ secret: 'another-secret', now: after(10_000) });
    assert.equal(r.reason, 'signature-mismatch');
    assert.equal(r.checks.find((c) => c.name === 'Timestamp')?.ok, false);
    assert.ok(r.hintIds.includes('timestamp-too-old'));
  });

  it('timestamp-too-old and timestamp-in-future', () => {
    const old = verify({ now: after(3600) });
    assert.equal(old.reason, 'timestamp-too-old');
    assertHint(old, 'timestamp-too-old', /60 min ago.*Ignore timestamp/);
    const future = verify({ now: after(-3600) });
    assert.equal(future.reason, 'timestamp-in-future');
    assertHint(future, 'timestamp-in-future', /ahead of this machine's clock/);
  });
});

describe('signature: the time window', () => {
  for (const [unit, header, scale] of [
    ['seconds', `t=${T_S},v1=${V_S}`, 1],
    ['milliseconds', `t=${T_MS},v1=${V_MS}`, 1],
  ] as const) {
    it(`defaults to ${DEFAULT_MAX_AGE_SECONDS} s back and ${DEFAULT_MAX_SKEW_SECONDS} s ahead, edges included (t in ${unit})`, () => {
      assert.equal(verify({ header, now: after(300 * scale) }).reason, 'ok');
      assert.equal(verify({ header, now: after(301 * scale) }).reason, 'timestamp-too-old');
      assert.equal(verify({ header, now: after(-60 * scale) }).reason, 'ok');
      assert.equal(verify({ header, now: after(-61 * scale) }).reason, 'timestamp-in-future');
      assert.equal(verify({ header, now: after(-61) }).timestampUnit, unit);
    });
  }

  it('honours custom windows, edges included', () => {
    assert.equal(verify({ maxAgeSeconds: 10, now: after(10) }).reason, 'ok');
    assert.equal(verify({ maxAgeSeconds: 10, now: after(11) }).reason, 'timestamp-too-old');
    assert.equal(verify({ maxSkewSeconds: 0, now: after(0) }).reason, 'ok');
    assert.equal(verify({ maxSkewSeconds: 0, now: after(-1) }).reason, 'timestamp-in-future');
    assert.equal(verify({ maxAgeSeconds: 0, now: after(1) }).reason, 'timestamp-too-old');
  });

  it('falls back to the defaults for nonsense windows and clocks', () => {
    for (const maxAgeSeconds of [NaN, -1, Infinity]) {
      assert.equal(verify({ maxAgeSeconds, now: after(300) }).reason, 'ok');
      assert.equal(verify({ maxAgeSeconds, now: after(301) }).reason, 'timestamp-too-old');
    }
    const r = verify({ now: NaN });
    assert.equal(r.reason, 'timestamp-too-old', 'now falls back to Date.now(), years after the vector');
  });

  it('ignoreTimestamp checks only the signature, and still reports the age', () => {
    const r = verify({ ignoreTimestamp: true, now: after(1e6) });
    assert.equal(r.valid, true);
    assert.equal(r.ageSeconds, 1e6);
    assert.match(r.checks.find((c) => c.name === 'Timestamp')!.detail, /Not checked: Ignore timestamp is on/);
    assert.equal(verify({ ignoreTimestamp: true, secret: 'x', now: after(1e6) }).reason, 'signature-mismatch');
  });
});

describe('signature: hints on a mismatch say which variant would have matched', () => {
  const t = T_S;
  const sign = (body: string, secret = SECRET, ts = t) => headerFor(hmacHex(secret, `${ts}.${body}`), t);

  it('signature-uppercase-hex', () => {
    const r = verify({ header: headerFor(V_S.toUpperCase()) });
    assertHint(r, 'signature-uppercase-hex', /UPPERCASE hex/);
    assert.equal(r.matchedVariant, 'the expected signature in uppercase hex');
  });

  it('signature-base64', () => {
    assertHint(verify({ header: headerFor(Buffer.from(V_S, 'hex').toString('base64')) }), 'signature-base64', /base64-encoded/);
  });

  it('secret-whitespace, when trimming explains it and when it does not', () => {
    const r = verify({ secret: `  ${SECRET}\n` });
    assertHint(r, 'secret-whitespace', /matches the secret without its surrounding whitespace.*2 leading and 1 trailing whitespace character\(s\), including a line break/);
    assert.equal(r.hintIds.length, 1);
    const wrong = verify({ secret: ' nope ' });
    assertHint(wrong, 'secret-whitespace', /does not explain this mismatch/);
    assert.ok(wrong.hintIds.includes('wrong-secret'));
    for (const h of [...r.hints, ...wrong.hints]) assert.ok(!h.includes(SECRET) && !h.includes('nope'), 'a hint never quotes the secret');
  });

  it('secret-quoted', () => {
    assertHint(verify({ secret: `"${SECRET}"` }), 'secret-quoted', /quotes/);
    assertHint(verify({ secret: `'${SECRET}'` }), 'secret-quoted');
  });

  it('secret-decoded (hex and base64)', () => {
    const hexSecret = 'deadbeefcafebabe0123456789abcdef';
    assertHint(verify({ secret: hexSecret, header: headerFor(hmacHex(Buffer.from(hexSecret, 'hex'), `${t}.${BODY}`)) }), 'secret-decoded', /decoded from hex/);
    const b64Secret = 'c2VjcmV0LWJ5dGVzLWhlcmUh';
    assertHint(verify({ secret: b64Secret, header: headerFor(hmacHex(Buffer.from(b64Secret, 'base64'), `${t}.${BODY}`)) }), 'secret-decoded', /decoded from base64/);
  });

  it('other-webhook-secret names the webhook whose secret matches', () => {
    const r = verify({ secret: 'secret-of-a', otherSecrets: [{ name: 'b', secret: 'secret-of-b' }, { name: 'orders-prod', secret: SECRET }] });
    assertHint(r, 'other-webhook-secret', /webhook "orders-prod" matches/);
    assert.ok(!r.hints.join(' ').includes(SECRET));
  });

  it('timestamp-unit: signed over the other unit than the header carries', () => {
    const msSigned = verify({ header: headerFor(hmacHex(SECRET, `${T_S}000.${BODY}`), T_S) });
    assertHint(msSigned, 'timestamp-unit', /computed over t in milliseconds \(1700000000000\).*t=1700000000 in seconds/);
    const sSigned = verify({ header: headerFor(hmacHex(SECRET, `${T_S}.${BODY}`), '1700000000123'), now: after(10) });
    assertHint(sSigned, 'timestamp-unit', /computed over t in seconds \(1700000000\).*in milliseconds/);
  });

  it('trailing-newline-added and trailing-newline-removed', () => {
    assertHint(verify({ body: `${BODY}\n` }), 'trailing-newline-added', /without its final newline/);
    assertHint(verify({ body: `${BODY}\r\n` }), 'trailing-newline-added');
    assertHint(verify({ header: sign(`${BODY}\n`) }), 'trailing-newline-removed', /with a trailing newline/);
  });

  it('line-endings: CRLF turned into LF (text areas), and LF into CRLF', () => {
    const crlf = '{\r\n  "a": 1,\r\n  "b": 2\r\n}';
    const lf = crlf.replace(/\r\n/g, '\n');
    assertHint(verify({ header: sign(crlf), body: lf }), 'line-endings', /CRLF line endings.*text areas and the clipboard/);
    assertHint(verify({ header: sign(lf), body: crlf }), 'line-endings', /LF line endings: CRLF line endings were introduced/);
  });

  it('body-whitespace', () => {
    assertHint(verify({ body: `  ${BODY}  ` }), 'body-whitespace', /leading\/trailing whitespace/);
  });

  describe('body-reserialised: says which form would have matched', () => {
    const value = JSON.parse(BODY) as unknown;
    const pretty2 = JSON.stringify(value, null, 2);
    const forms: [signedBody: string, checkedBody: string, label: RegExp][] = [
      [BODY, pretty2, /minified \(JSON.stringify\(body\)\)/],
      [pretty2, BODY, /pretty-printed with 2 spaces/],
      [JSON.stringify(value, null, 4), BODY, /pretty-printed with 4 spaces/],
      [JSON.stringify(value, null, '\t'), BODY, /pretty-printed with tabs/],
      ['{"type": "run.status", "data": {"run_id": "run-123", "status_v2": "succeeded"}}', BODY, /Python's json.dumps separators/],
      ['{"data":{"run_id":"run-123","status_v2":"succeeded"},"type":"run.status"}', BODY, /keys sorted, minified/],
      ['{\n  "data": {\n    "run_id": "run-123",\n    "status_v2": "succeeded"\n  },\n  "type": "run.status"\n}', BODY, /keys sorted, pretty-printed/],
      ['{"data": {"run_id": "run-123", "status_v2": "succeeded"}, "type": "run.status"}', BODY, /keys sorted and Python's/],
      [`${BODY}\n`, pretty2, /minified, plus a trailing newline/],
      [`${pretty2}\n`, BODY, /2 spaces, plus a trailing newline/],
    ];
    for (const [signed, checked, label] of forms) {
      it(String(label), () => {
        const r = verify({ header: sign(signed), body: checked });
        assertHint(r, 'body-reserialised', /re-serialised.*express.raw/);
        assert.match(r.matchedVariant ?? '', label);
        assert.match(r.hints[0], label);
      });
    }
  });

  it('wrong-algorithm: HMAC-SHA1, HMAC-SHA512, plain SHA-256', () => {
    assertHint(verify({ header: headerFor(hmacHex(SECRET, `${t}.${BODY}`, 'sha1')) }), 'wrong-algorithm', /HMAC-SHA1/);
    assertHint(verify({ header: headerFor(hmacHex(SECRET, `${t}.${BODY}`, 'sha512')) }), 'wrong-algorithm', /HMAC-SHA512/);
    const plain = createHash('sha256').update(`${t}.${BODY}`).digest('hex');
    assertHint(verify({ header: headerFor(plain) }), 'wrong-algorithm', /plain SHA-256/);
  });

  it('signed-payload-shape: the body alone, or t without the dot', () => {
    assertHint(verify({ header: headerFor(hmacHex(SECRET, BODY)) }), 'signed-payload-shape', /over the body alone/);
    assertHint(verify({ header: headerFor(hmacHex(SECRET, `${t}${BODY}`)) }), 'signed-payload-shape', /without the dot/);
  });

  it('secret-empty, signature-format, body-empty, wrong-secret', () => {
    assertHint(verify({ secret: '' }), 'secret-empty', /secret is empty/);
    assertHint(verify({ header: `t=${T_S},v1=xyz` }), 'signature-format', /not 64 lowercase hex characters \(it has 3/);
    assertHint(verify({ body: '' }), 'body-empty', /body is empty/);
    assertHint(verify({ secret: 'other' }), 'wrong-secret', /secret is not the one of the webhook/);
  });

  it('line-endings-possible and body-pretty-printed when nothing matched', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const r = verify({ secret: 'other', body: pretty });
    assertHint(r, 'line-endings-possible', /CRLF may have become LF/);
    assertHint(r, 'body-pretty-printed', /pretty-printed JSON/);
    assert.ok(!verify({ secret: 'other' }).hintIds.includes('line-endings-possible'), 'no line breaks, no line-ending hint');
  });

  it('hint-search-truncated when the body is too big for every variant', () => {
    const d = diagnoseMismatch({ secret: 'x', timestamp: T_S, body: BODY, received: ['0'.repeat(64)], expected: V_S, otherSecrets: [], byteBudget: 200 });
    assert.equal(d.truncated, true);
    assert.ok(d.hints.some((h) => h.id === 'hint-search-truncated' && /not every variant was tried/.test(h.text)));
  });

  it('internal-error instead of an exception, whatever happens inside', () => {
    const hostile = {
      get header(): string {
        throw new Error('boom');
      },
    } as unknown as VerifyInput;
    const r = verifySignature(hostile);
    assert.equal(r.valid, false);
    assert.deepEqual(r.hintIds, ['internal-error']);
    assert.match(r.checks[0].detail, /boom/);
  });

  it('never searches for hints when the signature matches', () => {
    const r = verify({ secret: SECRET, otherSecrets: [{ name: 'x', secret: 'y' }] });
    assert.equal(r.valid, true);
    assert.equal(r.matchedVariant, undefined);
    assert.deepEqual(r.hints, []);
  });
});

describe('signature: robustness', () => {
  it('never throws on inputs of the wrong type', () => {
    const junk: unknown[] = [undefined, null, 0, 'x', [], {}, { header: 42, body: {}, secret: null }, { header: `t=${T_S},v1=${V_S}`, body: 7, secret: 9, now: 'soon', otherSecrets: 'no' }];
    for (const input of junk) {
      const r = verifySignature(input as VerifyInput);
      assert.equal(r.valid, false);
      assert.ok(Array.isArray(r.checks) && Array.isArray(r.hints));
    }
  });

  it('shortens the signed string of a big body in the middle', () => {
    const body = `{"head":1,"pad":"${'x'.repeat(100_000)}","tail":2}`;
    const header = signDelivery({ body, secret: SECRET, timestamp: T_S });
    for (const b of [body, Buffer.from(body)]) {
      const r = verify({ header, body: b });
      assert.equal(r.valid, true);
      assert.equal(r.signedPayloadTruncated, true);
      assert.ok(r.signedPayloadPreview!.startsWith(`${T_S}.{"head":1`));
      assert.ok(r.signedPayloadPreview!.endsWith('","tail":2}'));
      assert.match(r.signedPayloadPreview!, /\[96,0\d\d (characters|bytes) omitted\]/);
      assert.ok(r.signedPayloadPreview!.length < 4200);
    }
  });

  it('property: verifySignature never throws, and signDelivery then verifySignature always agree (100,000 runs)', function () {
    this.timeout(60_000);
    const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const header = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.tuple(fc.string({ maxLength: 12 }), hex64).map(([t, v]) => `t=${t},v1=${v}`),
      fc.array(fc.tuple(fc.constantFrom('t', 'v1', 'v0', 'T', ' v1 ', ''), fc.string({ maxLength: 12 })), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join(',')),
    );
    const body = fc.oneof(fc.string({ maxLength: 24 }), fc.uint8Array({ maxLength: 24 }));
    const secret = fc.string({ maxLength: 12 });
    const timestamp = fc.oneof(fc.nat(), fc.integer({ min: 1e11, max: 1e13 }));
    let valid = 0;
    fc.assert(
      fc.property(header, body, secret, timestamp, fc.boolean(), (h, b, s, t, randomHeader) => {
        if (randomHeader) {
          const r = verifySignature({ header: h, body: b, secret: s, now: after(0) });
          return typeof r.valid === 'boolean' && r.hints.length === r.hintIds.length && (r.valid === (r.reason === 'ok'));
        }
        const signed = signDelivery({ body: b, secret: s, timestamp: t });
        const r = verifySignature({ header: signed, body: b, secret: s, ignoreTimestamp: true });
        if (r.valid) valid++;
        return r.valid && r.reason === 'ok' && r.timestamp === String(t);
      }),
      { numRuns: 100_000, seed: 4242 },
    );
    assert.ok(valid > 40_000, `about half the runs sign and verify (${valid})`);
  });
});
