/**
 * For a reverse lookup in a source whose service does the search (xivo's confd, the web interface's
 * phonebook): `search` asked for each spelling of the number at once (the number as received first, then the
 * reverse service's candidates, each once), so that a number stored as `0611111111` is found for a caller
 * shown as `+33611111111`. The answers come back in spelling order; a spelling whose search failed is left out,
 * unless all failed: then the first failure is thrown.
 */
export async function searchEachSpelling<T>(
  exten: string,
  candidates: readonly string[] | undefined,
  search: (spelling: string) => Promise<T>,
): Promise<T[]> {
  const spellings = [...new Set([exten, ...(candidates ?? [])])].filter((s) => s !== '');
  const settled = await Promise.allSettled(spellings.map(search));
  const answered = settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === 'fulfilled');
  if (answered.length === 0 && settled.length > 0) throw (settled[0] as PromiseRejectedResult).reason;
  return answered.map((s) => s.value);
}
