import { describe, expect, it, vi } from 'vitest';
import { buildDisplays, renderColumnValues } from './display.js';
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
