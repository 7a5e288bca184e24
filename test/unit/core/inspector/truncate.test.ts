import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import {
  DISPLAY_LIMIT_BYTES,
  PRETTY_PRINT_LIMIT_BYTES,
  prepareBodyForDisplay,
  truncateUtf8,
  utf8ByteLength,
} from '../../../../src/core/inspector/truncate';
import { formatBytes } from '../../../../src/shared/text';

/** Strings mixing 1-, 2-, 3- and 4-byte characters with unpaired surrogates. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udfff', '\n'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 60,
});

/** A run.status-like JSON body of about `bytes` bytes, compact as a server writes it. */
function bigJsonBody(bytes: number): string {
  const items: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = { run_id: `run-${i}`, application_id: 'app-x', status_v2: 'succeeded', note: 'ünïcødé 😀' };
    size += JSON.stringify(item).length + 1;
    items.push(item);
  }
  return JSON.stringify({ type: 'run.status', data: items });
}

describe('inspector truncate', () => {
  it('counts UTF-8 bytes exactly like Node, unpaired surrogates included', () => {
    fc.assert(
      fc.property(awkwardText, (s) => {
        assert.equal(utf8ByteLength(s), Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps short text whole', () => {
    assert.deepEqual(truncateUtf8('héllo', 100), { text: 'héllo', truncated: false, totalBytes: 6, shownBytes: 6 });
    assert.deepEqual(truncateUtf8('', 0), { text: '', truncated: false, totalBytes: 0, shownBytes: 0 });
  });

  it('cuts exactly at the limit, and before a character that would cross it', () => {
    assert.deepEqual(truncateUtf8('abcdef', 6), { text: 'abcdef', truncated: false, totalBytes: 6, shownBytes: 6 });
    assert.deepEqual(truncateUtf8('abcdef', 5), { text: 'abcde', truncated: true, totalBytes: 6, shownBytes: 5 });
    // "é" is 2 bytes: with 4 bytes allowed after "abc", it does not fit in the 1 byte left.
    assert.deepEqual(truncateUtf8('abcé', 4), { text: 'abc', truncated: true, totalBytes: 5, shownBytes: 3 });
  });

  it('never splits a surrogate pair', () => {
    const text = 'ab😀cd'; // 😀 is 2 UTF-16 units, 4 UTF-8 bytes
    for (const limit of [2, 3, 4, 5]) {
      const r = truncateUtf8(text, limit);
      assert.equal(r.text, 'ab', `limit ${limit}`);
      assert.equal(r.shownBytes, 2);
    }
    assert.equal(truncateUtf8(text, 6).text, 'ab😀');
    assert.equal(truncateUtf8(text, 6).totalBytes, 8);
  });

  it('property: the shown text is the longest prefix within the limit that ends on a whole character', () => {
    fc.assert(
      fc.property(awkwardText, fc.nat({ max: 120 }), (s, limit) => {
        const r = truncateUtf8(s, limit);
        assert.ok(s.startsWith(r.text));
        assert.equal(r.shownBytes, Buffer.byteLength(r.text, 'utf8'));
        assert.equal(r.totalBytes, Buffer.byteLength(s, 'utf8'));
        assert.ok(r.shownBytes <= limit);
        assert.equal(r.truncated, r.text.length < s.length);
        if (r.truncated) {
          const cut = r.text.length;
          const pairSplit = /[\ud800-\udbff]/.test(s[cut - 1] ?? '') && /[\udc00-\udfff]/.test(s[cut] ?? '');
          assert.ok(!pairSplit, 'split a surrogate pair');
          const next = s.codePointAt(cut)!;
          const nextUnits = next > 0xffff ? 2 : 1;
          assert.ok(r.shownBytes + Buffer.byteLength(s.slice(cut, cut + nextUnits), 'utf8') > limit, 'stopped too early');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('shows 256 KB of a 5 MB body quickly, and says how big the body is', () => {
    const body = 'x'.repeat(1024) + '😀'.repeat(5 * 1024 * 1024 / 4);
    const started = performance.now();
    const shown = prepareBodyForDisplay(body);
    const ms = performance.now() - started;
    console.log(`      5 MB text body prepared for display in ${ms.toFixed(1)} ms`);
    assert.equal(shown.truncated, true);
    assert.equal(shown.totalBytes, 1024 + 5 * 1024 * 1024);
    assert.equal(shown.shownBytes, DISPLAY_LIMIT_BYTES);
    assert.equal(shown.text.length, 1024 + ((DISPLAY_LIMIT_BYTES - 1024) / 4) * 2);
    assert.equal(shown.prettyPrinted, false);
  });

  it('pretty-prints JSON only under the pretty-print limit', () => {
    const small = bigJsonBody(100 * 1024);
    const smallShown = prepareBodyForDisplay(small);
    assert.equal(smallShown.prettyPrinted, true);
    assert.ok(smallShown.text.startsWith('{\n  "type": "run.status",\n  "data": [\n    {\n'));
    assert.equal(smallShown.totalBytes, Buffer.byteLength(small), 'the size is the size of the body as sent');

    const big = bigJsonBody(5 * 1024 * 1024);
    assert.ok(Buffer.byteLength(big) > PRETTY_PRINT_LIMIT_BYTES);
    const started = performance.now();
    const bigShown = prepareBodyForDisplay(big);
    console.log(`      5 MB JSON body prepared for display in ${(performance.now() - started).toFixed(1)} ms`);
    assert.equal(bigShown.prettyPrinted, false);
    assert.ok(big.startsWith(bigShown.text));
    assert.equal(bigShown.truncated, true);
  });

  it('formats sizes in binary units', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(256 * 1024), '256 KB');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024 + 1024), '5 MB');
  });
});
