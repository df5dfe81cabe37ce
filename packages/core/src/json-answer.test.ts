import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { JsonAnswer, type AnswerSink } from './json-answer.js';

function answerOf(i: number, size: number, sink?: AnswerSink): { bytes: Buffer; expected: string } {
  const prepared = Buffer.from(`{"n":${i}},`.padEnd(size, ' '));
  const answer = new JsonAnswer();
  answer.text(`{"results":[`);
  answer.bytes(prepared, 0, prepared.length - 1);
  answer.text(`],"term":"é${i}"}`);
  return {
    bytes: answer.toBuffer(sink),
    expected: `{"results":[${prepared.toString().slice(0, -1)}],"term":"é${i}"}`,
  };
}

/** A response stand-in: closes when told. */
class Sink extends EventEmitter implements AnswerSink {
  closed = false;
  close(): void {
    this.closed = true;
    this.emit('close');
  }
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

  it('writes a large answer into a buffer used again only once its response has closed', () => {
    // Every answer kept open keeps its bytes, however many large answers are written meanwhile.
    const open = Array.from({ length: 40 }, (_, i) => ({ sink: new Sink(), i }));
    const kept = open.map(({ sink, i }) => ({ sink, ...answerOf(i, 40_000 + i * 1000, sink) }));
    for (const { bytes, expected } of kept) expect(bytes.toString('utf8')).toBe(expected);
    expect(new Set(kept.map((k) => k.bytes.buffer)).size).toBe(kept.length);
    // Closed, a response's buffer goes to the next large answer of its size class; before, it never does.
    const [first, second] = kept;
    first.sink.close();
    const next = answerOf(1000, 41_000, new Sink());
    expect(next.bytes.buffer).toBe(first.bytes.buffer);
    expect(next.bytes.toString('utf8')).toBe(next.expected);
    expect(second.bytes.toString('utf8')).toBe(second.expected);
    for (const { sink } of kept.slice(1)) sink.close();
  });

  it('keeps small answers, answers without a response, and answers to a closed response out of the pool', () => {
    const sink = new Sink();
    const small = answerOf(1, 3_000, sink);
    expect(sink.listenerCount('close')).toBe(0);
    expect(small.bytes.toString('utf8')).toBe(small.expected);
    const closed = new Sink();
    closed.close();
    const late = answerOf(2, 50_000, closed);
    expect(closed.listenerCount('close')).toBe(0);
    expect(late.bytes.toString('utf8')).toBe(late.expected);
    const large = answerOf(3, 50_000, sink);
    expect(sink.listenerCount('close')).toBe(1);
    expect(large.bytes.byteLength).toBe(Buffer.byteLength(large.expected));
    sink.close();
  });
});
