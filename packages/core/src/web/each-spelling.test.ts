import { describe, expect, it } from 'vitest';
import { searchEachSpelling } from './each-spelling.js';

describe('searchEachSpelling', () => {
  it('asks each spelling once, the number as received first, and answers in that order', async () => {
    const asked: string[] = [];
    const answers = await searchEachSpelling('06 11', ['06 11', '0611', '+33611', ''], async (s) => {
      asked.push(s);
      return `found ${s}`;
    });
    expect(asked).toEqual(['06 11', '0611', '+33611']);
    expect(answers).toEqual(['found 06 11', 'found 0611', 'found +33611']);
  });

  it('leaves out the spellings whose search failed, and throws the first failure only when all failed', async () => {
    const some = await searchEachSpelling('a', ['b', 'c'], (s) =>
      s === 'b' ? Promise.resolve(s) : Promise.reject(new Error(`no ${s}`)),
    );
    expect(some).toEqual(['b']);
    await expect(searchEachSpelling('a', ['b'], (s) => Promise.reject(new Error(`no ${s}`)))).rejects.toThrow('no a');
  });
});
