import type { TestDaemon } from './daemon-process.js';

/** One result of a JSON lookup answer (`default_json`). */
export interface LookupResult {
  readonly column_values: unknown[];
  readonly source: string;
  readonly backend: string;
  readonly relations: Record<string, unknown>;
}

/**
 * The results of `GET /0.1/directories/lookup/{profile}?term=<term>` (the term encoded), asked with `headers`
 * (a token); throws with the answer unless it is a 200.
 */
export async function lookupResults(
  daemon: TestDaemon,
  profile: string,
  term: string,
  headers?: Record<string, string>,
): Promise<LookupResult[]> {
  const path = `/0.1/directories/lookup/${encodeURIComponent(profile)}?term=${encodeURIComponent(term)}`;
  const res = await daemon.get(path, headers);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.results as LookupResult[];
}
