import { strict as assert } from 'assert';
import { Pacer } from '../../../../src/core/api/pacer';

describe('Pacer', () => {
  it('lets the first request go at once and spaces the next ones', () => {
    const p = new Pacer(10);
    assert.deepEqual([p.reserve(0), p.reserve(0), p.reserve(0)], [0, 100, 200]);
  });
  it('does not bank unused time: after a pause, the rate still holds', () => {
    const p = new Pacer(10);
    p.reserve(0);
    assert.equal(p.reserve(5000), 0);
    assert.equal(p.reserve(5000), 100);
  });
  it('1,000 health checks at 10/s take 100 s: 600 a minute, under the API limit of 2,000', () => {
    const p = new Pacer(10);
    let last = 0;
    for (let i = 0; i < 1000; i++) last = p.reserve(0);
    assert.equal(last, 99_900);
  });
});
