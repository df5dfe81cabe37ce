import { readFile, writeFile } from 'node:fs/promises';

const START = '<!-- bench:results:start (written by npm run bench; edit outside these marks) -->';
const END = '<!-- bench:results:end -->';

/**
 * Puts `section` between the results marks of `file` (docs/benchmarks.md), keeping the hand-written text
 * around them; a page without the marks gets them appended.
 */
export async function writeResults(file: string, section: string): Promise<void> {
  const page = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${START}\n${section}\n${END}`;
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  const next =
    from >= 0 && to > from
      ? page.slice(0, from) + block + page.slice(to + END.length)
      : `${page.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
}
