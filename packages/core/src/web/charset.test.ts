import { describe, expect, it } from 'vitest';
import { AnswerDecoder, charsetOf, decodeAnswer } from './charset.js';

describe('decodeAnswer', () => {
  const latin1 = Buffer.from('Hélène,Müller', 'latin1');
  const utf8 = Buffer.from('Hélène,Müller', 'utf8');

  it('decodes by the charset of the Content-Type, whatever its case or quotes', () => {
    expect(decodeAnswer(utf8, 'text/csv; charset=utf-8')).toBe('Hélène,Müller');
    expect(decodeAnswer(latin1, 'text/csv; charset=ISO-8859-1')).toBe('Hélène,Müller');
    expect(decodeAnswer(latin1, 'text/csv;charset="latin1"')).toBe('Hélène,Müller');
    expect(decodeAnswer(Buffer.from([0xa4]), 'text/csv; charset=iso-8859-15')).toBe('€');
  });

  it('reads ISO-8859-1 as Windows-1252, as browsers do', () => {
    expect(decodeAnswer(Buffer.from([0x4c, 0x9c, 0x75, 0x66, 0x80]), 'text/csv; charset=iso-8859-1')).toBe('Lœuf€');
  });

  it('without a charset, reads UTF-8, or Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeAnswer(utf8, 'text/csv')).toBe('Hélène,Müller');
    expect(decodeAnswer(latin1, undefined)).toBe('Hélène,Müller');
  });

  it('refuses a charset Node cannot decode, naming it', () => {
    expect(() => decodeAnswer(utf8, 'text/csv; charset=klingon')).toThrow(
      'the answer is in charset "klingon", which dird cannot read: answer UTF-8',
    );
  });
});

describe('charsetOf', () => {
  it('finds the charset parameter, or none', () => {
    expect(charsetOf('text/csv; header=present; charset=UTF-8')).toBe('UTF-8');
    expect(charsetOf('text/csv; charset=""')).toBeUndefined();
    expect(charsetOf('text/csv')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });
});

describe('AnswerDecoder', () => {
  it('decodes characters split across chunks, with or without a charset', () => {
    const bytes = Buffer.from('Zoë Ünal,😀', 'utf8');
    for (const contentType of ['text/csv; charset=utf-8', 'text/csv']) {
      const decoder = new AnswerDecoder(contentType);
      for (let i = 0; i < bytes.length; i++) decoder.write(bytes.subarray(i, i + 1));
      expect(decoder.end(), contentType).toBe('Zoë Ünal,😀');
    }
  });

  it('without a charset, reads the whole answer as Windows-1252 when a later chunk is not UTF-8', () => {
    const decoder = new AnswerDecoder('text/csv');
    decoder.write(Buffer.from('Zoë,', 'utf8'));
    decoder.write(Buffer.from('Hélène', 'latin1'));
    expect(decoder.end()).toBe('ZoÃ«,Hélène');
  });
});
