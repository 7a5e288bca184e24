import { strict as assert } from 'assert';
import { clampDelayMs, MAX_TIMER_DELAY_MS } from '../../../src/core/timers';

describe('clampDelayMs', () => {
  it('keeps delays a timer can take, and brings the rest within 0 … 2^31−1 ms', () => {
    assert.equal(MAX_TIMER_DELAY_MS, 2_147_483_647);
    for (const ms of [0, 1, 1500, 86_400_000, MAX_TIMER_DELAY_MS]) assert.equal(clampDelayMs(ms), ms);
    assert.equal(clampDelayMs(MAX_TIMER_DELAY_MS + 1), MAX_TIMER_DELAY_MS);
    assert.equal(clampDelayMs(30 * 86_400_000), MAX_TIMER_DELAY_MS, 'a Retry-After of 30 days');
    assert.equal(clampDelayMs(2_147_484 * 1000), MAX_TIMER_DELAY_MS, 'autoRefreshSeconds just past the limit');
    assert.equal(clampDelayMs(Infinity), MAX_TIMER_DELAY_MS);
    assert.equal(clampDelayMs(-5), 0);
    assert.equal(clampDelayMs(-Infinity), 0);
    assert.equal(clampDelayMs(NaN), 0);
  });
});
