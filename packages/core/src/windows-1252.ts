/**
 * Decoding of text in Windows-1252, the charset of Excel's CSV exports and what the WHATWG Encoding Standard
 * (and so browsers) read for a `charset=ISO-8859-1` label.
 */

/**
 * What Windows-1252 puts at bytes 0x80 to 0x9f (`€`, `Œ`, `’`...); the rest is Latin-1. (Node 20's
 * `TextDecoder('windows-1252')` decodes these bytes as Latin-1 control characters, so it is not used.) The five
 * bytes Windows-1252 leaves unassigned stay the control characters of the same code, as WHATWG decodes them.
 */
const WINDOWS_1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\x80-\x9f]/g;

/** Decodes bytes as Windows-1252. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(C1, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]);
}
