import { TextDecoder } from 'node:util';
import { decodeWindows1252 } from '../windows-1252.js';

/**
 * Decodes an answer chunk by chunk as it arrives (a long answer is never decoded in one long step), by the
 * charset its Content-Type names (`text/csv; charset=ISO-8859-1`): any charset of the WHATWG Encoding Standard
 * (UTF-8, ISO-8859-1, ISO-8859-15, Windows-1252, UTF-16...). As that standard (and browsers) do, ISO-8859-1 is
 * read as Windows-1252, which it is in practice (`€`, `’`). Without a charset: UTF-8 when the bytes are UTF-8,
 * else Windows-1252 (as the csv backend reads files). A charset Node cannot decode throws at construction.
 */
export class AnswerDecoder {
  private readonly parts: string[] = [];
  /** The declared charset's decoder; for no charset, a strict UTF-8 one (throws on other bytes). */
  private readonly decoder: TextDecoder | undefined;
  /** Without a charset, the bytes, in case they turn out not to be UTF-8. */
  private readonly raw: Buffer[] | undefined;
  private notUtf8 = false;

  constructor(contentType: string | undefined) {
    const charset = charsetOf(contentType);
    if (charset === undefined) {
      this.decoder = new TextDecoder('utf-8', { fatal: true });
      this.raw = [];
      return;
    }
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset);
    } catch {
      throw new Error(`the answer is in charset ${JSON.stringify(charset)}, which dird cannot read: answer UTF-8`);
    }
    // Node 20 reads bytes 0x80-0x9f of Windows-1252 as control characters: those get their real characters.
    if (decoder.encoding !== 'windows-1252') this.decoder = decoder;
  }

  /** Decodes the next chunk. */
  write(chunk: Buffer): void {
    if (this.decoder === undefined) return void this.parts.push(decodeWindows1252(chunk));
    if (this.raw === undefined) return void this.parts.push(this.decoder.decode(chunk, { stream: true }));
    this.raw.push(chunk);
    if (!this.notUtf8) this.guess(() => this.decoder!.decode(chunk, { stream: true }));
  }

  /** The whole text. */
  end(): string {
    if (this.decoder !== undefined) {
      if (this.raw === undefined) this.parts.push(this.decoder.decode());
      else if (!this.notUtf8) this.guess(() => this.decoder!.decode());
    }
    return this.notUtf8 ? decodeWindows1252(Buffer.concat(this.raw!)) : this.parts.join('');
  }

  private guess(decode: () => string): void {
    try {
      this.parts.push(decode());
    } catch {
      this.notUtf8 = true;
      this.parts.length = 0;
    }
  }
}

/** The text of a whole answer (see {@link AnswerDecoder}). */
export function decodeAnswer(body: Buffer, contentType: string | undefined): string {
  const decoder = new AnswerDecoder(contentType);
  decoder.write(body);
  return decoder.end();
}

/** The `charset` parameter of a Content-Type, unquoted, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const charset = (match?.[1] ?? match?.[2])?.trim();
  return charset ? charset : undefined;
}
