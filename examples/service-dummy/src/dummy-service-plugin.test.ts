import { BaseSourcePlugin, checkBlock, ResultBuilder } from '@dird/core';
import { loadArgs, loadPluginThroughRegistry } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { DummyConfigSchema } from './config.js';
import { DummyServicePlugin } from './dummy-service-plugin.js';

/** A source that finds one contact whatever the term: the service still lists nothing. */
class OneContact extends BaseSourcePlugin {
  load(): void {}
  search() {
    return [new ResultBuilder({ source: 'one', backend: 'test' }).build({ name: 'Alice Martin' })];
  }
}

describe('dummy service', () => {
  it('loads through the real registry from its package.json', async () => {
    const { cls } = await loadPluginThroughRegistry('service', 'dummy');
    expect(cls.pluginKind).toBe('service');
    expect(cls.name).toBe('DummyServicePlugin');
  });

  it('accepts an absent services.dummy block', () => {
    expect(checkBlock(DummyConfigSchema, undefined)).toMatchObject({ value: {}, problems: [] });
  });

  it('returns a service object whose list is empty, whatever its sources hold', async () => {
    const service = await new DummyServicePlugin().load({
      ...loadArgs({}),
      sources: new Map([['one', new OneContact()]]),
    });
    await expect(service.list()).resolves.toEqual([]);
  });
});
