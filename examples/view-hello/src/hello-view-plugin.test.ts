import { silentLogger, type DirdConfig, type ViewsConfig } from '@dird/core';
import { loadPluginThroughRegistry } from '@dird/core/testkit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HELLO_URL, HelloViewPlugin } from './hello-view-plugin.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A Fastify app with the view loaded, as the daemon would load it. */
async function appWith(views: ViewsConfig, services: string[] = ['lookup']): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  await new HelloViewPlugin().load({
    config: views,
    mainConfig: {} as DirdConfig,
    app,
    services: new Map(services.map((name) => [name, {}])),
    logger: silentLogger,
  });
  return app;
}

describe('hello view', () => {
  it('loads through the real registry from its package.json', async () => {
    const { cls } = await loadPluginThroughRegistry('view', 'hello');
    expect(cls.pluginKind).toBe('view');
    expect(cls.name).toBe('HelloViewPlugin');
  });

  it('answers the configured greeting and the loaded services', async () => {
    const app = await appWith({ hello: { greeting: 'Hi there' } }, ['reverse', 'lookup']);
    const response = await app.inject({ method: 'GET', url: HELLO_URL });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ greeting: 'Hi there', services: ['lookup', 'reverse'] });
  });

  it('greets by default when views.hello is absent', async () => {
    const response = await (await appWith({})).inject({ method: 'GET', url: HELLO_URL });
    expect(response.json()).toEqual({ greeting: 'Hello from dird', services: ['lookup'] });
  });

  it('refuses a bad views.hello block, naming the key', async () => {
    await expect(appWith({ hello: { greeting: 42 } })).rejects.toThrow(/views\.hello\.greeting: Expected string/);
  });
});
