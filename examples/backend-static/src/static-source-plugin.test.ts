import { checkBlock, silentLogger, type DirdConfig, type SourceResult } from '@dird/core';
import { loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { StaticSourcePlugin } from './static-source-plugin.js';

const signal = new AbortController().signal;

const BLOCK = {
  name: 'team',
  type: 'static',
  searched_columns: ['firstname', 'lastname'],
  first_matched_columns: ['number', 'mobile'],
  unique_column: 'id',
  format_columns: { name: '{firstname} {lastname}' },
  contacts: [
    { id: '1', firstname: 'Alice', lastname: 'Martin', number: '1001', mobile: '+33612345678' },
    { id: '2', firstname: 'Bob', lastname: 'Alis', number: '1002' },
    { id: '3', firstname: 'Carol', lastname: 'Durand', number: '1003' },
  ],
};

function load(block: Record<string, unknown> = BLOCK): StaticSourcePlugin {
  const { value, problems } = checkBlock(StaticSourcePlugin.configSchema, block);
  expect(problems).toEqual([]);
  const source = new StaticSourcePlugin();
  source.name = 'team';
  source.backend = 'static';
  source.load({ config: value as never, mainConfig: {} as DirdConfig, logger: silentLogger });
  return source;
}

const names = (results: SourceResult[]) => results.map((r) => r.fields.name);

describe('static backend', () => {
  it('loads through the real registry from its package.json', async () => {
    const { cls } = await loadPluginThroughRegistry('backend', 'static');
    expect(cls.pluginKind).toBe('backend');
    expect(cls.name).toBe('StaticSourcePlugin');
  });

  it('searches the searched_columns ignoring case, in config order, up to the limit', () => {
    const source = load();
    expect(names(source.search('ALI', { signal }))).toEqual(['Alice Martin', 'Bob Alis']);
    expect(names(source.search('ali', { signal, limit: 1 }))).toEqual(['Alice Martin']);
    expect(names(source.search('', { signal }))).toEqual(['Alice Martin', 'Bob Alis', 'Carol Durand']);
    expect(source.search('1001', { signal })).toEqual([]);
    expect(source.search('durand', { signal })[0].relations.source_entry_id).toBe('3');
  });

  it('matches the first_matched_columns exactly, on any spelling of the number', () => {
    const source = load();
    expect(source.firstMatch('1002', { signal })?.fields.name).toBe('Bob Alis');
    expect(source.firstMatch('100', { signal })).toBeNull();
    const candidates = ['0612345678', '+33612345678'];
    expect(source.firstMatch('0612345678', { signal, candidates })?.fields.name).toBe('Alice Martin');
  });

  it('lists contacts by unique id, and none without a unique_column', () => {
    expect(names(load().list(['3', '1', '9'], { signal }))).toEqual(['Alice Martin', 'Carol Durand']);
    expect(load({ ...BLOCK, unique_column: undefined }).list(['1'], { signal })).toEqual([]);
  });

  it('refuses a value that is not a string, saying where it is', () => {
    const { problems } = checkBlock(StaticSourcePlugin.configSchema, { ...BLOCK, contacts: [{ number: 1001 }] });
    expect(problems[0]).toMatchObject({ path: '/contacts/0/number', message: 'Expected string' });
  });
});
