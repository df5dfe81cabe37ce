import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger.js';
import { ResultBuilder } from './result-builder.js';

describe('ResultBuilder', () => {
  const builder = new ResultBuilder({
    source: 'my_csv',
    backend: 'csv',
    uniqueColumn: 'id',
    formatColumns: { name: '{firstname} {lastname}', id: 'x{id}', reverse: '{firstname} {lastname}' },
  });

  it('copies the record, takes source_entry_id before formatting, and applies format columns over the fields', () => {
    const raw = { id: '7', firstname: 'Alice', lastname: 'Alan' };
    const r = builder.build(raw);
    expect(r.fields).toEqual({
      id: 'x7',
      firstname: 'Alice',
      lastname: 'Alan',
      name: 'Alice Alan',
      reverse: 'Alice Alan',
    });
    expect(raw).toEqual({ id: '7', firstname: 'Alice', lastname: 'Alan' });
    expect(r.relations).toEqual({
      xivo_id: null,
      agent_id: null,
      user_id: null,
      user_uuid: null,
      endpoint_id: null,
      source_entry_id: '7',
    });
    expect(r).toMatchObject({ source: 'my_csv', backend: 'csv', isPersonal: false });
  });

  it('has a null id, and says so once, when the unique column is missing', () => {
    const error = vi.fn();
    const b = new ResultBuilder({
      source: 's',
      backend: 'csv',
      uniqueColumn: 'id',
      logger: { ...silentLogger, error },
    });
    expect(b.build({ a: '1' }).relations.source_entry_id).toBeNull();
    b.build({ a: '2' });
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0][1])).toMatch(/not properly configured/);
  });

  it('lists the fields the templates need', () => {
    expect(builder.templateFields.sort()).toEqual(['firstname', 'id', 'lastname']);
  });
});
