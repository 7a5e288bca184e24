/** The receiver's check is Nextmv's documented Python handler, decision for decision. */
import { strict as assert } from 'assert';
import { checkSignature, hmacHex, signatureHeader } from '../../../tools/fake-api';

const SECRET = 'test-secret';
const BODY = Buffer.from('{"type":"run.status","data":{"run_id":"run-123","status_v2":"succeeded"}}');
const NOW_S = 1_700_000_000;
const seconds = { nowMs: NOW_S * 1000, unit: 'seconds' as const, maxAgeSeconds: 300, maxSkewSeconds: 60 };
const millis = { ...seconds, unit: 'milliseconds' as const };

describe('receiver signature check (as the documented Python handler)', () => {
  it('matches the published test vectors in both units', () => {
    assert.equal(hmacHex(SECRET, '1700000000', BODY), 'cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30');
    assert.equal(hmacHex(SECRET, '1700000000000', BODY), 'd4e37410205aa2d8115389d5cdc0c2818895d8ea99a0e35c14b4507514e1cb27');
    assert.equal(checkSignature('t=1700000000,v1=cb051077cf15804a970c2977169134733252533cfbada9c12435d5b510b70d30', BODY, SECRET, seconds).verdict, 'valid');
    assert.equal(checkSignature('t=1700000000000,v1=d4e37410205aa2d8115389d5cdc0c2818895d8ea99a0e35c14b4507514e1cb27', BODY, SECRET, millis).verdict, 'valid');
  });

  it('valid: 200 with the handler\'s JSON answer', () => {
    const r = checkSignature(signatureHeader(SECRET, BODY.toString(), NOW_S * 1000, 'seconds'), BODY, SECRET, seconds);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { message: 'Webhook received!', body: BODY.toString() });
  });

  const sig = hmacHex(SECRET, String(NOW_S), BODY);
  const cases: [string, string | undefined, string][] = [
    ['no header', undefined, 'Unauthorized: Missing Signature'],
    ['an empty header', '', 'Unauthorized: Missing Signature'],
    ['one part', `t=${NOW_S}`, 'Unauthorized: Invalid Signature Format'],
    ['three parts (a second v1)', `t=${NOW_S},v1=${sig},v1=${sig}`, 'Unauthorized: Invalid Signature Format'],
    ['no "=" in t', `t${NOW_S},v1=${sig}`, 'Unauthorized: Invalid Signature Format'],
    ['a non-numeric t', `t=abc,v1=${sig}`, 'Unauthorized: Invalid Signature Format'],
    ['parts swapped (positional, as in Python)', `v1=${sig},t=${NOW_S}`, 'Unauthorized: Invalid Signature Format'],
    ['t older than 300 s', `t=${NOW_S - 300},v1=${hmacHex(SECRET, String(NOW_S - 300), BODY)}`, 'Unauthorized: Invalid Time Value'],
    ['t 60 s ahead', `t=${NOW_S + 60},v1=${hmacHex(SECRET, String(NOW_S + 60), BODY)}`, 'Unauthorized: Invalid Time Value'],
    ['t in milliseconds for a seconds handler', `t=${NOW_S * 1000},v1=${hmacHex(SECRET, String(NOW_S * 1000), BODY)}`, 'Unauthorized: Invalid Time Value'],
    ['a wrong signature', `t=${NOW_S},v1=${'0'.repeat(64)}`, 'Unauthorized: Invalid signature'],
    ['an upper-case signature', `t=${NOW_S},v1=${sig.toUpperCase()}`, 'Unauthorized: Invalid signature'],
  ];
  for (const [name, header, text] of cases) {
    it(`${name} → 401 "${text}"`, () => {
      const r = checkSignature(header, BODY, SECRET, seconds);
      assert.equal(r.status, 401);
      assert.equal(r.text, text);
    });
  }

  it('inside the window (299 s old, 59 s ahead) passes', () => {
    for (const t of [NOW_S - 299, NOW_S + 59]) assert.equal(checkSignature(`t=${t},v1=${hmacHex(SECRET, String(t), BODY)}`, BODY, SECRET, seconds).verdict, 'valid');
  });

  it('the body bytes matter: a re-serialised body fails', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2));
    assert.equal(checkSignature(`t=${NOW_S},v1=${sig}`, pretty, SECRET, seconds).verdict, 'invalidSignature');
  });

  it("like Python's int(): spaces and a + sign are read, and str(int(t)) is what gets signed", () => {
    assert.equal(checkSignature(`t= ${NOW_S} ,v1=${sig}`, BODY, SECRET, seconds).verdict, 'valid');
    assert.equal(checkSignature(`t=+${NOW_S},v1=${sig}`, BODY, SECRET, seconds).verdict, 'valid');
    assert.equal(checkSignature(`t=1_700_000_000,v1=${sig}`, BODY, SECRET, seconds).verdict, 'valid');
  });

  it('no secret configured → 500 Internal Server Error', () => {
    const r = checkSignature(`t=${NOW_S},v1=${sig}`, BODY, undefined, seconds);
    assert.deepEqual([r.status, r.text], [500, 'Internal Server Error']);
  });
});
