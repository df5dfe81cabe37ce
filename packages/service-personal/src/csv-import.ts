import type { ImportFailure } from './contract.js';

/** One data line of an import: its physical line number, and its fields by header name (or why it has none). */
export type ImportLine =
  | { readonly line: number; readonly fields: Record<string, string> }
  | { readonly line: number; readonly errors: string[] };

/**
 * The data lines of a CSV import as xivo-dird read them (reference §7.9): the text split on `\n`, the first
 * line the header, each line parsed with `,` and `"` (a trailing `\r` tolerated), blank lines skipped, line
 * numbers counting physical lines (the header is line 1). A line with more fields than the header is
 * `too many fields`, with fewer `missing fields`.
 */
export function importLines(text: string): ImportLine[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const header = parseLine(lines[0] ?? '');
  if ('error' in header) return [{ line: 1, errors: [`header: ${header.error}`] }];
  if (header.fields.length === 1 && header.fields[0] === '') return [];
  const names = header.fields;
  const out: ImportLine[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const line = i + 1;
    const parsed = parseLine(lines[i]);
    if ('error' in parsed) out.push({ line, errors: [parsed.error] });
    else if (parsed.fields.length > names.length) out.push({ line, errors: ['too many fields'] });
    else if (parsed.fields.length < names.length) out.push({ line, errors: ['missing fields'] });
    else out.push({ line, fields: Object.fromEntries(names.map((n, j) => [n, parsed.fields[j]])) });
  }
  return out;
}

/** The failures of lines that did not parse, in the report's shape. */
export function parseFailures(lines: readonly ImportLine[]): ImportFailure[] {
  return lines.filter((l): l is Extract<ImportLine, { errors: string[] }> => 'errors' in l);
}

/** The fields of one CSV line: quoted fields may hold `,` and `""` (a quote). */
function parseLine(line: string): { fields: string[] } | { error: string } {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i <= line.length) {
    const c = line[i];
    if (quoted) {
      if (c === undefined) return { error: 'a quoted field is not closed on its line' };
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === undefined || c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '"' && field === '') quoted = true;
    else field += c;
    i++;
  }
  return { fields };
}
