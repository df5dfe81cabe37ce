import type { PhoneEntry } from './entries.js';
import type { ResultsDocument } from './vendor.js';
import { x, XML_DECLARATION } from './xml.js';

/**
 * A plain directory document: `<root>` holding one `DirectoryEntry` (`Name`, `Telephone`) per entry, or a
 * single "No entries" one, without paging links: Thomson's, Yealink's and Htek's results.
 */
export function directoryDocument(
  root: string,
  { t, page }: ResultsDocument,
  telephone: (entry: PhoneEntry) => string = (e) => e.number,
): string {
  let out = `${XML_DECLARATION}<${root}>\n`;
  for (const e of page.entries) {
    out += `<DirectoryEntry>\n<Name>${x(e.name)}</Name>\n<Telephone>${x(telephone(e))}</Telephone>\n</DirectoryEntry>\n`;
  }
  if (page.entries.length === 0) {
    out += `<DirectoryEntry>\n<Name>${x(t.noEntries)}</Name>\n<Telephone></Telephone>\n</DirectoryEntry>\n`;
  }
  return `${out}</${root}>\n`;
}
