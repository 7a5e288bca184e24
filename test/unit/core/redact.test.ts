import { strict as assert } from 'assert';
import { MIN_MASKED_SECRET_LENGTH, credentialsOf, maskSecrets, redact } from '../../../src/core/redact';

describe('redact', () => {
  it('removes bearer tokens and Authorization values', () => {
    const out = redact('GET /v1/webhooks authorization: Bearer sk_live_123 {"Authorization":"Bearer abc.def"}');
    assert.ok(!out.includes('sk_live_123'), out);
    assert.ok(!out.includes('abc.def'), out);
    assert.match(out, /\[redacted\]/);
  });
  it('removes every given secret wherever it appears', () => {
    const out = redact('secret=whsec_42 and again whsec_42.', ['whsec_42']);
    assert.equal(out, 'secret=[redacted] and again [redacted].');
  });
  it('leaves ordinary text alone', () => {
    assert.equal(redact('listed 3 webhooks in 20 ms'), 'listed 3 webhooks in 20 ms');
  });
});

describe('maskSecrets (everything posted to a webview)', () => {
  it('masks every secret in every string of a message, longest first, and leaves the rest as it was', () => {
    const message = { type: 'x', list: ['a whsec_long_secret_1234 b', 7, null], nested: { text: 'whsec_long_secret_12345678' } };
    const out = maskSecrets(message, ['whsec_long_secret_1234', 'whsec_long_secret_12345678']);
    assert.deepEqual(out, { type: 'x', list: ['a [secret] b', 7, null], nested: { text: '[secret]' } });
    assert.equal(message.nested.text, 'whsec_long_secret_12345678', 'the original is not changed');
  });
  it('does not mask values shorter than MIN_MASKED_SECRET_LENGTH (they would hit ordinary words)', () => {
    assert.equal(maskSecrets('the key', ['key']), 'the key');
    assert.equal('x'.repeat(MIN_MASKED_SECRET_LENGTH).length, MIN_MASKED_SECRET_LENGTH);
    assert.equal(maskSecrets('a xxxxxxxx b', ['x'.repeat(MIN_MASKED_SECRET_LENGTH)]), 'a [secret] b');
  });
  it('credentialsOf names the Authorization value and its bare token, whatever the header case', () => {
    assert.deepEqual(credentialsOf({ AUTHORIZATION: 'Bearer abc' }), ['Bearer abc', 'abc']);
    assert.deepEqual(credentialsOf({}), []);
  });
});
