import { checkBlock, StartupReportBuilder } from '@dird/core';
import { loadPluginThroughRegistry, viewLoadArgs } from '@dird/core/testkit';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelloConfig } from './config.js';
import { HELLO_URL, HelloViewPlugin } from './hello-view-plugin.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** The options of every route added, as the daemon sees them when it checks what each route declares. */
const routes: RouteOptions[] = [];

/** A Fastify app with the view loaded in its own scope, as the daemon loads it, after `services` loaded. */
async function appWith(views: unknown, services: string[] = ['lookup']): Promise<FastifyInstance> {
  const { value, problems } = checkBlock<HelloConfig>(HelloViewPlugin.configSchema, views);
  expect(problems).toEqual([]);
  const report = new StartupReportBuilder();
  for (const name of services) report.record({ subject: 'service', name, state: 'loaded' });
  const app = Fastify();
  apps.push(app);
  app.addHook('onRoute', (route) => void routes.push(route));
  await app.register(async (scope) => new HelloViewPlugin().load({ ...viewLoadArgs(value, scope), report }));
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

  it('declares the ACL its route needs', async () => {
    await appWith({});
    const route = routes.find((r) => r.url === HELLO_URL && r.method === 'GET');
    expect(route?.config).toEqual({ access: { acl: 'dird.hello.read' } });
  });

  it('refuses a bad views.hello block, saying where it is', () => {
    const { problems } = checkBlock(HelloViewPlugin.configSchema, { hello: { greeting: 42 } });
    expect(problems[0]).toMatchObject({ path: '/hello/greeting', message: 'Expected string' });
  });
});
