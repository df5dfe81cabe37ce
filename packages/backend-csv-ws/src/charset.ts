import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { decodeWindows1252 } from '@dird/core';

/**
 * The text of an answer, decoded by the charset its Content-Type names (`text/csv; charset=ISO-8859-1`):
 * any charset of the WHATWG Encoding Standard (UTF-8, ISO-8859-1, ISO-8859-15, Windows-1252, UTF-16...). As
 * that standard (and browsers) do, ISO-8859-1 is read as Windows-1252, which it is in practice (`€`, `’`).
 * Without a charset: UTF-8 when the bytes are UTF-8, else Windows-1252 (the csv backend reads files so). A
 * charset Node cannot decode throws, naming it.
 */
export function decodeAnswer(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType);
  if (charset === undefined) return isUtf8(body) ? utf8.decode(body) : decodeWindows1252(body);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new Error(`the answer is in charset ${JSON.stringify(charset)}, which dird cannot read: answer UTF-8`);
  }
  // Node 20 reads bytes 0x80-0x9f of Windows-1252 as control characters: those get their real characters.
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(body) : decoder.decode(body);
}

const utf8 = new TextDecoder('utf-8');

/** The `charset` parameter of a Content-Type, unquoted, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const charset = (match?.[1] ?? match?.[2])?.trim();
  return charset ? charset : undefined;
}
