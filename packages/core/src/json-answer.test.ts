import { describe, expect, it } from 'vitest';
import { JsonAnswer } from './json-answer.js';

function answerOf(i: number, size: number): { bytes: Buffer; expected: string } {
  const prepared = Buffer.from(`{"n":${i}},`.padEnd(size, ' '));
  const answer = new JsonAnswer();
  answer.text(`{"results":[`);
  answer.bytes(prepared, 0, prepared.length - 1);
  answer.text(`],"term":"é${i}"}`);
  return { bytes: answer.toBuffer(), expected: `{"results":[${prepared.toString().slice(0, -1)}],"term":"é${i}"}` };
}

describe('JsonAnswer.toBuffer', () => {
  it('gives every answer bytes of its own, however many are kept at once and whatever their size', () => {
    // Small answers share slabs, large ones do not: none may overwrite another while it is still being sent.
    const sizes = [1, 20, 300, 4_000, 5_000, 16 * 1024, 16 * 1024 + 1, 70_000, 200_000];
    const kept = Array.from({ length: 600 }, (_, i) => answerOf(i, sizes[i % sizes.length]));
    for (const { bytes, expected } of kept) {
      expect(bytes.byteLength).toBe(Buffer.byteLength(expected));
      expect(bytes.toString('utf8')).toBe(expected);
    }
  });
});
