import { loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';

describe('view-rest', () => {
  it('declares default_json and headers_view, both loadable through the real registry', async () => {
    const json = await loadPluginThroughRegistry('view', 'default_json');
    const headers = await loadPluginThroughRegistry('view', 'headers_view');
    expect(json.cls.name).toBe('DefaultJsonViewPlugin');
    expect(headers.cls.name).toBe('HeadersViewPlugin');
    expect(json.registry.resolve('dird.views', 'headers_view').packageName).toBe('@dird/view-rest');
  });

  // The routes' answers and their 400s (missing term, bad limit or offset) are tested through the daemon
  // (apps/dird/test/lookup.test.ts, reverse.test.ts).
});
