import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CONTACT_COLUMNS, csvLine, generateContacts } from './contacts.js';

/** Writes `count` contacts of `seed` to `file` as UTF-8 CSV with a header; returns the bytes written. */
export async function writeContactsCsv(file: string, count: number, seed = 1): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let chunk = `${CONTACT_COLUMNS.join(',')}\n`;
  for (const contact of generateContacts(count, seed)) {
    chunk += `${csvLine(contact)}\n`;
    if (chunk.length > 65536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return out.bytesWritten;
}
