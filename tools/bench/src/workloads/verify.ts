import type { LookupTerm, ReverseNumber } from '../data/workset.js';
import { lookupPaths, reversePaths } from './configs.js';

/** The parts of dird's answers the checks read. */
interface Answer {
  results?: unknown[];
  display?: string | null;
}

async function getJson(
  url: string,
  headers?: Record<string, string>,
): Promise<{ status: number; body: Answer | undefined }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Answer };
}

/**
 * Before measuring: the daemon answers `terms` with exactly the counted number of rows. This checks the
 * harness (terms really answer 1–50 rows) and dird (the index finds what a full scan finds).
 */
export async function verifyLookups(
  url: string,
  profile: string,
  terms: readonly LookupTerm[],
  headers?: Record<string, string>,
): Promise<void> {
  const paths = lookupPaths(profile, terms);
  for (let i = 0; i < terms.length; i++) {
    const { status, body } = await getJson(url + paths[i], headers);
    const got = Array.isArray(body?.results) ? body.results.length : -1;
    if (status !== 200 || got !== terms[i].expected) {
      throw new Error(
        `bench: ${paths[i]} answered ${status} with ${got} results; a full scan of the data counts ${terms[i].expected}`,
      );
    }
  }
}

/** Before measuring: each number, written in another format than stored, finds the expected contact. */
export async function verifyReverse(url: string, profile: string, numbers: readonly ReverseNumber[]): Promise<void> {
  const paths = reversePaths(profile, numbers);
  for (let i = 0; i < numbers.length; i++) {
    const { status, body } = await getJson(url + paths[i]);
    if (status !== 200 || body?.display !== numbers[i].display) {
      throw new Error(
        `bench: ${paths[i]} answered ${status} with display ${JSON.stringify(body?.display)}; expected ${numbers[i].display}`,
      );
    }
  }
}

/** The mean number of rows the terms answer, for the table. */
export function meanResults(terms: readonly LookupTerm[]): string {
  return (terms.reduce((s, t) => s + t.expected, 0) / Math.max(1, terms.length)).toFixed(1);
}
