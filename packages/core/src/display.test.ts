import { describe, expect, it, vi } from 'vitest';
import { buildDisplays, lookupDisplaysOf, phoneFieldsOf, renderColumnValues } from './display.js';
import { silentLogger } from './logger.js';
import { emptyRelations, type SourceResult } from './source-result.js';

const result = (fields: Record<string, unknown>, isPersonal = false): SourceResult => ({
  source: 's',
  backend: 'csv',
  fields,
  relations: emptyRelations(),
  isPersonal,
});

describe('displays', () => {
  const views = {
    displays: {
      d: [
        { title: 'Firstname', field: 'firstname', default: 'Unknown' },
        { title: 'Number', field: 'number', type: 'number', default: 'none' },
        { title: null, field: 'fav', type: 'favorite' },
        { title: 'Personal', field: 'personal', type: 'personal' },
        { title: 'Nothing', default: 'dflt' },
      ],
    },
    profile_to_display: { default: 'd', broken: 'missing' },
  };

  it('gives headers and types, and an empty display (with a warning) for a profile naming an undefined display', () => {
    const warn = vi.fn();
    const displays = buildDisplays(views, { ...silentLogger, warn });
    expect(displays.get('default')!.headers).toEqual(['Firstname', 'Number', null, 'Personal', 'Nothing']);
    expect(displays.get('default')!.types).toEqual([null, 'number', 'favorite', 'personal', null]);
    expect(displays.get('broken')!.headers).toEqual([]);
    expect(String(warn.mock.calls[0][1])).toMatch(/Display `missing` is not defined/);
  });

  it('uses default only when the field is absent, and sets the favorite and personal flags', () => {
    const d = buildDisplays(views).get('default')!;
    expect(renderColumnValues(d, result({ firstname: 'Alice', number: null }), true)).toEqual([
      'Alice',
      null,
      true,
      false,
      'dflt',
    ]);
    expect(renderColumnValues(d, result({}, true))).toEqual(['Unknown', 'none', false, true, 'dflt']);
  });

  it('gives the favorite flag to a favorite column without a field and to other field-less columns', () => {
    const d = buildDisplays({
      displays: { d: [{ type: 'favorite' }, { title: 'x', default: 1 }] },
      profile_to_display: { p: 'd' },
    }).get('p')!;
    expect(renderColumnValues(d, result({}), true)).toEqual([true, true]);
  });
});

describe('the displays a source is looked up with', () => {
  const views = {
    displays: {
      one: [{ title: 'Name', field: 'name' }],
      same: [{ title: 'Name', field: 'name' }],
      two: [
        { title: 'Name', field: 'name' },
        { field: 'fav', type: 'favorite' },
      ],
      none: [],
    },
    profile_to_display: { a: 'one', b: 'same', c: 'two', d: 'two', e: 'none', f: 'missing' },
  };
  const config = (lookup: Record<string, unknown>) =>
    ({ services: { lookup }, views }) as unknown as Parameters<typeof lookupDisplaysOf>[0];

  it('are those of the lookup profiles naming it (as a list or a mapping), one per key', () => {
    const displays = lookupDisplaysOf(
      config({
        a: { sources: ['csv'] },
        b: { sources: ['csv', 'ldap'] },
        c: { sources: { csv: true, ldap: true } },
        d: { sources: { csv: false } },
        e: { sources: ['csv'] },
        f: { sources: ['csv'] },
        g: { sources: ['csv'] },
      }),
      'csv',
    );
    // a and b show the same columns (one key); c shows the flag; d does not name csv; e, f, g show no columns.
    expect(displays.map((d) => d.name)).toEqual(['one', 'two']);
    expect(new Set(displays.map((d) => d.key)).size).toBe(2);
  });

  it('are none without lookup profiles, or when they are not mappings', () => {
    expect(lookupDisplaysOf(config({}), 'csv')).toEqual([]);
    expect(lookupDisplaysOf({ services: {}, views } as never, 'csv')).toEqual([]);
    // A profile that is no mapping names no source; one name alone is a list of one.
    expect(lookupDisplaysOf(config({ a: 'csv', b: null, c: { sources: 'csv' } }), 'csv').map((d) => d.name)).toEqual([
      'two',
    ]);
  });
});

describe('the phone fields of a source', () => {
  const views = {
    displays_phone: {
      short: { name: ['name'], number: [{ field: ['phone'] }] },
      long: {
        name: ['display_name', 'name'],
        number: [{ field: ['phone', 'office'] }, { field: ['mobile'], name_format: '{name} (Mobile)' }],
      },
      broken: { name: 'name', number: [null, { field: [3, ''] }] },
    },
    profile_to_display_phone: { a: 'short', b: 'long', c: 'long', d: 'missing', e: 'broken' },
  };
  const config = (lookup: Record<string, unknown>, v: Record<string, unknown> = views) =>
    ({ services: { lookup }, views: v }) as unknown as Parameters<typeof phoneFieldsOf>[0];

  it('are the name and number candidates of the phone profiles whose lookup names it, each once', () => {
    const lookup = { a: { sources: ['csv'] }, b: { sources: { csv: true } }, c: { sources: ['ldap'] } };
    expect(phoneFieldsOf(config(lookup), 'csv')).toEqual({
      texts: ['name', 'display_name'],
      numbers: ['phone', 'office', 'mobile'],
    });
    // c's display is read by the ldap source only; a profile with no phone display reads nothing.
    expect(phoneFieldsOf(config(lookup), 'ldap')).toEqual({
      texts: ['display_name', 'name'],
      numbers: ['phone', 'office', 'mobile'],
    });
    expect(phoneFieldsOf(config({ z: { sources: ['csv'] } }), 'csv')).toEqual({ texts: [], numbers: [] });
  });

  it('are none without phone views, and skip what the phone views would refuse', () => {
    expect(phoneFieldsOf(config({ a: { sources: ['csv'] } }, {}), 'csv')).toEqual({ texts: [], numbers: [] });
    expect(phoneFieldsOf({ services: {}, views } as never, 'csv')).toEqual({ texts: [], numbers: [] });
    // d names no display; e's keys are of the wrong types.
    expect(phoneFieldsOf(config({ d: { sources: ['csv'] }, e: { sources: ['csv'] } }), 'csv')).toEqual({
      texts: [],
      numbers: [],
    });
  });
});
