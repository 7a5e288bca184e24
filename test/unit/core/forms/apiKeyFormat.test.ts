import { strict as assert } from 'assert';
import { apiKeyFormatProblem } from '../../../../src/core/forms/apiKeyFormat';

describe('apiKeyFormatProblem', () => {
  it('accepts a plausible key, surrounding whitespace trimmed', () => {
    assert.equal(apiKeyFormatProblem('  nxmv_0123456789abcdef  '), undefined);
  });
  for (const [input, expected] of [
    ['', /Enter your Nextmv API key/],
    ['   ', /Enter your Nextmv API key/],
    ['Bearer abcdefghijkl', /without the "Bearer " prefix/],
    ['abc defghijkl', /no spaces/],
    ['abcdefgh\nijkl', /no spaces/],
    ['abcdéfghijkl', /printable ASCII/],
    ['short', /too short/],
    ['x'.repeat(5000), /too long/],
  ] as const) {
    it(`rejects ${JSON.stringify(input.slice(0, 20))}`, () => {
      assert.match(apiKeyFormatProblem(input) ?? '', expected);
    });
  }
});
