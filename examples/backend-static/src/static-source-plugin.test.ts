import { checkBlock, type SourceResult } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry, sourceCallArgs } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { StaticSourcePlugin } from './static-source-plugin.js';

/** What the daemon passes each call: a signal, and the request's context (anonymous here). */
const args = sourceCallArgs();

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
  source.load(loadArgs(value as never));
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
    expect(names(source.search('ALI', args))).toEqual(['Alice Martin', 'Bob Alis']);
    expect(names(source.search('ali', { ...args, limit: 1 }))).toEqual(['Alice Martin']);
    expect(names(source.search('', args))).toEqual(['Alice Martin', 'Bob Alis', 'Carol Durand']);
    expect(source.search('1001', args)).toEqual([]);
    expect(source.search('durand', args)[0].relations.source_entry_id).toBe('3');
  });

  it('matches the first_matched_columns exactly, on any spelling of the number', () => {
    const source = load();
    expect(source.firstMatch('1002', args)?.fields.name).toBe('Bob Alis');
    expect(source.firstMatch('100', args)).toBeNull();
    const candidates = ['0612345678', '+33612345678'];
    expect(source.firstMatch('0612345678', { ...args, candidates })?.fields.name).toBe('Alice Martin');
  });

  it('lists contacts by unique id, and none without a unique_column', () => {
    expect(names(load().list(['3', '1', '9'], args))).toEqual(['Alice Martin', 'Carol Durand']);
    expect(load({ ...BLOCK, unique_column: undefined }).list(['1'], args)).toEqual([]);
  });

  it('refuses a value that is not a string, saying where it is', () => {
    const { problems } = checkBlock(StaticSourcePlugin.configSchema, { ...BLOCK, contacts: [{ number: 1001 }] });
    expect(problems[0]).toMatchObject({ path: '/contacts/0/number', message: 'Expected string' });
  });
});
