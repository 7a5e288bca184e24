import { strict as assert } from 'assert';
import { formatNumber, plural } from '../../../src/shared/intl';
import { formatDate, formatDateTime, formatRelativeTime, formatTime } from '../../../src/shared/relativeTime';

const MIN = 60_000;
const NOW = Date.parse('2026-05-01T12:00:00Z');
/** as a translation would write them: one message, a form per category the language has */
const WEBHOOKS = { en: 'one={0} webhook|other={0} webhooks', pl: 'one={0} webhook|few={0} webhooki|many={0} webhooków|other={0} webhooka' };
const fill = (forms: string, n: number, locale: string) => plural(n, forms.replace(/\{0\}/g, formatNumber(n, locale)), locale);

describe('Intl helpers (numbers, plurals, times) in several languages', () => {
  it('numbers: grouping of the language', () => {
    assert.equal(formatNumber(1234567, 'en'), '1,234,567');
    assert.equal(formatNumber(1234567, 'de'), '1.234.567');
    assert.equal(formatNumber(1234567, 'fr'), '1\u202f234\u202f567');
    assert.equal(formatNumber(0.5, 'de'), '0,5');
  });

  it('plurals: English one/other', () => {
    assert.equal(fill(WEBHOOKS.en, 1, 'en'), '1 webhook');
    assert.equal(fill(WEBHOOKS.en, 0, 'en'), '0 webhooks');
    assert.equal(fill(WEBHOOKS.en, 2, 'en'), '2 webhooks');
    assert.equal(fill(WEBHOOKS.en, 1500, 'en'), '1,500 webhooks');
  });

  it('plurals: Polish one/few/many, categories English lacks', () => {
    assert.equal(fill(WEBHOOKS.pl, 1, 'pl'), '1 webhook');
    assert.equal(fill(WEBHOOKS.pl, 3, 'pl'), '3 webhooki');
    assert.equal(fill(WEBHOOKS.pl, 22, 'pl'), '22 webhooki');
    assert.equal(fill(WEBHOOKS.pl, 5, 'pl'), '5 webhooków');
    assert.equal(fill(WEBHOOKS.pl, 12, 'pl'), '12 webhooków');
    assert.equal(fill(WEBHOOKS.pl, 1.5, 'pl'), '1,5 webhooka', 'fractions: other');
  });

  it('plurals: a category the message lacks falls back to other; =N picks an exact count first', () => {
    assert.equal(plural(3, 'one=one|other=several', 'pl'), 'several');
    assert.equal(plural(0, '=0=none|one=one|other=some', 'en'), 'none');
    assert.equal(plural(2, 'one=one|other=some|=2=a pair', 'en'), 'a pair');
    assert.equal(plural(2, 'no forms at all', 'en'), 'no forms at all', 'an unreadable message still shows');
  });

  it('relative times: short style, "now" and "yesterday" in words (numeric: auto)', () => {
    assert.equal(formatRelativeTime(NOW - 2 * MIN, NOW, 'en'), '2 min. ago');
    assert.equal(formatRelativeTime(NOW - 2 * MIN, NOW, 'de'), 'vor 2 Min.');
    assert.equal(formatRelativeTime(NOW - 2 * MIN, NOW, 'fr').replace(/[\u00a0\u202f]/g, ' '), 'il y a 2 min', 'French spaces are no-break');
    assert.equal(formatRelativeTime(NOW - 24 * 60 * MIN, NOW, 'de'), 'gestern');
    assert.equal(formatRelativeTime(NOW - 3 * 24 * 60 * MIN, NOW, 'pl'), '3 dni temu');
    assert.equal(formatRelativeTime(NOW - 5 * 24 * 60 * MIN, NOW, 'pl'), '5 dni temu');
    assert.equal(formatRelativeTime(NOW + 5 * MIN, NOW, 'de'), 'in 5 Min.');
    assert.equal(formatRelativeTime(NOW - 3_000, NOW, 'fr'), 'maintenant');
  });

  it('dates and times: the language\'s order and separators', () => {
    const then = Date.parse('2026-01-02T10:00:00Z');
    assert.match(formatDate(then, 'de'), /^0[12]\.01\.2026$/);
    assert.match(formatDate(then, 'en'), /^Jan [12], 2026$/);
    assert.equal(formatRelativeTime(then, NOW, 'de'), formatDate(then, 'de'), 'older than 30 days: the date');
    assert.match(formatDateTime(then, 'de'), /^0[12]\.01\.2026, \d\d:00:00$/);
    assert.match(formatTime(then, 'en'), /^\d{1,2}:00:00\s[AP]M$/);
    assert.match(formatTime(then, 'de'), /^\d\d:00:00$/);
  });
});
