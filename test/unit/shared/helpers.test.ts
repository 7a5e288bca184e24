import { strict as assert } from 'assert';
import { SIGNATURE_HEADER, headerValue } from '../../../src/shared/headers';
import { formatBytes, hostOf, shorten } from '../../../src/shared/text';

describe('shared helpers', () => {
  it('headerValue finds a header whatever the case of its name, in a record or in name/value pairs', () => {
    assert.equal(headerValue({ 'nextmv-signature': 't=1,v1=a' }, SIGNATURE_HEADER), 't=1,v1=a');
    assert.equal(headerValue([['Content-Type', 'a'], ['NEXTMV-SIGNATURE', 't=2']], 'nextmv-signature'), 't=2');
    assert.equal(headerValue({}, 'x'), undefined);
    assert.equal(headerValue([], 'x'), undefined);
    assert.equal(headerValue(undefined, 'x'), undefined);
  });

  it('formatBytes uses binary multiples and drops a trailing .0', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5 MB');
  });

  it('shorten cuts with an ellipsis, within the limit', () => {
    assert.equal(shorten('abcdef', 10), 'abcdef');
    assert.equal(shorten('abcdef', 4), 'abc…');
  });

  it('hostOf reads the host (with port) or falls back', () => {
    assert.equal(hostOf('https://example.com:8443/hook'), 'example.com:8443');
    assert.equal(hostOf('not a url'), 'not a url');
    assert.equal(hostOf('not a url', 'the server'), 'the server');
    assert.equal(hostOf('mailto:x@y'), 'mailto:x@y', 'a URL without a host falls back too');
  });
});
