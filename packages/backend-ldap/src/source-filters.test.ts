import { describe, expect, it } from 'vitest';
import { filterToString } from './filter.js';
import { SourceFilters, type SourceFilterOptions } from './source-filters.js';
import { bytesToUuid, uuidToBytes } from './uuid.js';

const filters = (options: Partial<SourceFilterOptions>) =>
  new SourceFilters({ searchedColumns: [], firstMatchedColumns: [], binaryUuid: false, ...options });
const text = (f: ReturnType<SourceFilters['search']>) => (f ? filterToString(f) : null);

describe('search filter (behaviour reference §5.3)', () => {
  it('is (col=*TERM*) for one column, an OR for several', () => {
    expect(text(filters({ searchedColumns: ['cn'] }).search('ali'))).toBe('(cn=*ali*)');
    expect(text(filters({ searchedColumns: ['cn', 'telephoneNumber'] }).search('charlé'))).toBe(
      '(|(cn=*charl\\c3\\a9*)(telephoneNumber=*charl\\c3\\a9*))',
    );
  });

  it('is (&CUSTOM GENERATED) with a custom filter, or the custom filter alone', () => {
    const both = filters({ searchedColumns: ['cn', 'telephoneNumber'], customFilter: '(l=Québec)' });
    expect(text(both.search('charlé'))).toBe(
      '(&(l=Qu\\c3\\a9bec)(|(cn=*charl\\c3\\a9*)(telephoneNumber=*charl\\c3\\a9*)))',
    );
    expect(text(filters({ customFilter: '(|(cn=%Q*)(sn=%Q*))' }).search('al'))).toBe('(|(cn=al*)(sn=al*))');
  });

  it('matches every entry having the column for an empty term', () => {
    expect(text(filters({ searchedColumns: ['cn'] }).search(''))).toBe('(cn=*)');
  });

  it('needs searched columns or a custom filter', () => {
    expect(filters({}).canSearch).toBe(false);
    expect(filters({ customFilter: '(objectClass=person)' }).canSearch).toBe(true);
  });
});

describe('firstMatch filter', () => {
  it('is exact equality of any first-matched column with any spelling of the number, inside the custom filter', () => {
    const f = filters({ firstMatchedColumns: ['telephoneNumber', 'mobile'], customFilter: '(objectClass=person)' });
    expect(text(f.firstMatch(['0611', '+33611']))).toBe(
      '(&(objectClass=person)(|(telephoneNumber=0611)(telephoneNumber=+33611)(mobile=0611)(mobile=+33611)))',
    );
  });

  it('keeps a number with filter syntax as plain data', () => {
    expect(text(filters({ firstMatchedColumns: ['telephoneNumber'] }).firstMatch(['*']))).toBe(
      '(telephoneNumber=\\2a)',
    );
  });

  it('without first-matched columns, uses only a custom filter that reads %Q, else matches nothing', () => {
    expect(text(filters({ customFilter: '(|(telephoneNumber=%Q)(mobile=%Q))' }).firstMatch(['1', '2']))).toBe(
      '(|(|(telephoneNumber=1)(mobile=1))(|(telephoneNumber=2)(mobile=2)))',
    );
    expect(filters({ customFilter: '(objectClass=person)' }).firstMatch(['1'])).toBeNull();
  });
});

describe('list filter', () => {
  it('compares the unique column with each id, ids being data (xivo-dird did not escape them)', () => {
    const f = filters({ uniqueColumn: 'entryUUID' });
    expect(text(f.list(['a1']))).toBe('(entryUUID=a1)');
    expect(text(f.list(['a1', '*)(uid=*']))).toBe('(|(entryUUID=a1)(entryUUID=\\2a\\29\\28uid=\\2a))');
    expect(filters({}).list(['a1'])).toBeNull();
  });

  it('turns binary UUID ids back into their 16 bytes and leaves out ids that are not UUIDs', () => {
    const f = filters({ uniqueColumn: 'objectGUID', binaryUuid: true });
    expect(f.list(['f3bc2a27-0d5e-4c1a-9b7e-5a1d2c3b4e01', 'nope', '*'])).toEqual({
      type: 'equality',
      attribute: 'objectGUID',
      value: Buffer.from('f3bc2a270d5e4c1a9b7e5a1d2c3b4e01', 'hex'),
    });
    expect(f.list(['nope'])).toBeNull();
  });
});

describe('binary UUIDs', () => {
  it('read 16 bytes in order and round-trip', () => {
    const bytes = Buffer.from('f3bc2a270d5e4c1a9b7e5a1d2c3b4e01', 'hex');
    expect(bytesToUuid(bytes)).toBe('f3bc2a27-0d5e-4c1a-9b7e-5a1d2c3b4e01');
    expect(uuidToBytes('F3BC2A27-0D5E-4C1A-9B7E-5A1D2C3B4E01')).toEqual(bytes);
    expect(bytesToUuid(Buffer.from('short'))).toBeNull();
  });
});
