import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { CONTACT_COLUMNS, csvLine, generateContacts, Random, type Contact } from '@dird/datagen';
import { inventSurname } from './surnames.js';

/** Bump when the generated data changes, so cached files of an older shape are not reused. */
export const DATA_VERSION = 1;

/** Where generated directories are cached between runs (never in the repo). */
export const CACHE_DIR = path.join(os.tmpdir(), 'dird-bench-cache');

/**
 * The benchmark's directory: `@dird/datagen` contacts, half of them given an invented rare surname. Real
 * directories have a long tail of surnames; with datagen's 120 names alone, every name would be shared by
 * hundreds of rows and no name fragment could answer 1–50 results.
 */
export function* benchContacts(count: number, seed: number): Generator<Contact> {
  const r = new Random(seed * 7919 + 17);
  const pool = Array.from({ length: Math.max(1000, Math.floor(count / 4)) }, () => inventSurname(r));
  for (const contact of generateContacts(count, seed)) {
    if (r.int(2) === 0) yield contact;
    else yield { ...contact, lastname: r.pick(pool) };
  }
}

/** The cached CSV file of `count` bench contacts of `seed`, written when missing. */
export async function directoryFile(count: number, seed: number): Promise<string> {
  await mkdir(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `contacts-${count}-s${seed}-v${DATA_VERSION}.csv`);
  if (await stat(file).catch(() => null)) return file;
  const partial = `${file}.${process.pid}.partial`;
  await pipeline(Readable.from(csvChunks(count, seed)), createWriteStream(partial));
  await rename(partial, file);
  return file;
}

/** The CSV text of a directory in chunks of about 64 KiB (header first). */
function* csvChunks(count: number, seed: number): Generator<string> {
  let chunk = `${CONTACT_COLUMNS.join(',')}\n`;
  for (const contact of benchContacts(count, seed)) {
    chunk += `${csvLine(contact)}\n`;
    if (chunk.length >= 65536) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}
