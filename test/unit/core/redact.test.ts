import { strict as assert } from 'assert';
import { redact } from '../../../src/core/redact';

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
