import { describe, expect, it } from 'vitest';
import { paginate } from './paging.js';

const TEN = [...Array(10).keys()];

describe('paginate', () => {
  it('cuts pages and links the ones around', () => {
    expect(paginate(TEN, 0, 4)).toMatchObject({ entries: [0, 1, 2, 3], total: 10, next: 4, previous: undefined });
    expect(paginate(TEN, 4, 4)).toMatchObject({ entries: [4, 5, 6, 7], next: 8, previous: 0 });
    expect(paginate(TEN, 8, 4)).toMatchObject({ entries: [8, 9], next: undefined, previous: 4 });
    expect(paginate(TEN, 2, 4)).toMatchObject({ entries: [2, 3, 4, 5], next: 6, previous: 0 });
  });

  it('gives everything from the offset on, unlinked, without a limit', () => {
    expect(paginate(TEN, 7, undefined)).toMatchObject({ entries: [7, 8, 9], next: undefined, previous: undefined });
  });

  it('gives an empty page past the end, linked back', () => {
    expect(paginate(TEN, 12, 4)).toMatchObject({ entries: [], next: undefined, previous: 8 });
  });

  it('gives limit 0 an empty page without links (xivo-dird linked it to itself, and phones looped)', () => {
    expect(paginate(TEN, 4, 0)).toMatchObject({ entries: [], next: undefined, previous: undefined });
  });
});
