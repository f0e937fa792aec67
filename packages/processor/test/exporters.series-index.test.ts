import { describe, expect, it } from 'vitest';
import { SeriesIndex } from '../src/exporters/prometheus/series-index.js';

describe('SeriesIndex', () => {
  it('keeps one series per combination of label values, however they share prefixes', () => {
    const index = new SeriesIndex((labelValues) => ({ labelValues: [...labelValues], count: 0 }));
    const combinations = [
      ['shop', '/cart', 'xhr'],
      ['shop', '/cart', 'load'],
      ['shop', '/checkout', 'xhr'],
      ['blog', '/cart', 'xhr'],
      // Two that a key joined with \u0001 would confuse, and an empty value.
      ['shop\u0001/cart', 'xhr', ''],
      ['shop', '/cart\u0001xhr', ''],
    ];
    for (const [times, values] of combinations.entries()) for (let count = 0; count <= times; count++) index.get(values).count++;
    expect(index.values()).toEqual(combinations.map((labelValues, times) => ({ labelValues, count: times + 1 })));
    expect(index.get(['shop', '/cart', 'xhr'])).toBe(index.values()[0]);
  });

  it('serves a family without labels', () => {
    const index = new SeriesIndex(() => ({ count: 0 }));
    index.get([]).count++;
    index.get([]).count++;
    expect(index.values()).toEqual([{ count: 2 }]);
  });
});
