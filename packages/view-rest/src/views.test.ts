import { loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { lookupQuery } from './schemas.js';

describe('view-rest', () => {
  it('declares default_json and headers_view, both loadable through the real registry', async () => {
    const json = await loadPluginThroughRegistry('view', 'default_json');
    const headers = await loadPluginThroughRegistry('view', 'headers_view');
    expect(json.cls.name).toBe('DefaultJsonViewPlugin');
    expect(headers.cls.name).toBe('HeadersViewPlugin');
    expect(json.registry.resolve('dird.views', 'headers_view').packageName).toBe('@dird/view-rest');
  });

  it('requires a term and bounds limit and offset in the route schema', () => {
    expect(lookupQuery.required).toEqual(['term']);
    expect(lookupQuery.properties.limit).toMatchObject({ type: 'integer', minimum: 0 });
  });
});
