import { describe, expect, it } from 'vitest';
import { heapAfterLastFullGc } from './gc-trace.js';

describe('heapAfterLastFullGc', () => {
  it("reads the heap after the last full collection of V8's --trace-gc lines", () => {
    const lines = [
      { msg: '[1:0x1]  100 ms: Mark-Compact 24.5 (40.2) -> 20.1 (41.0) MB, 12.3 / 0.0 ms  (average mu = 0.9)' },
      { msg: '[1:0x1]  200 ms: Scavenge 30.0 (41.0) -> 25.0 (41.0) MB, 1.2 / 0.0 ms  allocation failure;' },
      { level: 'info', msg: 'dird listening on http://127.0.0.1:1' },
      { msg: '[1:0x1]  300 ms: Mark-Compact (reduce) 31.5 (45.0) -> 22.7 (44.0) MB, 20.0 / 0.0 ms' },
      { msg: '[1:0x1]  400 ms: Scavenge 30.0 (41.0) -> 25.0 (41.0) MB, 1.2 / 0.0 ms  allocation failure;' },
    ];
    expect(heapAfterLastFullGc(lines)).toEqual({ usedMb: 22.7, committedMb: 44 });
    expect(heapAfterLastFullGc(lines.slice(0, 3))).toEqual({ usedMb: 20.1, committedMb: 41 });
    expect(heapAfterLastFullGc(lines.slice(1, 3))).toBeUndefined();
  });
});
