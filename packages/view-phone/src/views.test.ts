import { checkBlock, ConfigError, HttpError, routeAccessProblem, type BaseViewPlugin } from '@dird/core';
import { loadPluginThroughRegistry, memoryLogger, viewLoadArgs } from '@dird/core/testkit';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { PhoneViewsConfigSchema } from './config.js';
import { PhoneDisplays } from './phone-displays.js';

const VIEWS: Record<string, { cls: string; steps: string[] }> = {
  cisco_view: { cls: 'CiscoViewPlugin', steps: ['menu', 'input', 'lookup'] },
  aastra_view: { cls: 'AastraViewPlugin', steps: ['input', 'lookup'] },
  polycom_view: { cls: 'PolycomViewPlugin', steps: ['input', 'lookup'] },
  snom_view: { cls: 'SnomViewPlugin', steps: ['input', 'lookup'] },
  thomson_view: { cls: 'ThomsonViewPlugin', steps: ['lookup'] },
  yealink_view: { cls: 'YealinkViewPlugin', steps: ['lookup'] },
  gigaset_view: { cls: 'GigasetViewPlugin', steps: ['lookup'] },
  htek_view: { cls: 'HtekViewPlugin', steps: ['lookup'] },
};

const CONFIG = {
  displays_phone: { d: { name: ['name'], number: [{ field: ['phone'] }] } },
  profile_to_display_phone: { p: 'd' },
};

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** The routes view `name` adds, loaded from its package.json through the real registry into a Fastify scope. */
async function routesOf(name: string): Promise<RouteOptions[]> {
  const { cls } = await loadPluginThroughRegistry<BaseViewPlugin<unknown, FastifyInstance>>('view', name);
  const routes: RouteOptions[] = [];
  const app = Fastify();
  apps.push(app);
  app.addHook('onRoute', (route) => void routes.push(route));
  // The lookup service is only handed over here: no request is made.
  const lookup = { lookup: () => Promise.reject(new Error('not called')) };
  await app.register(async (scope) => new cls().load(viewLoadArgs(CONFIG, scope, { services: { lookup } })));
  await app.ready();
  return routes.filter((r) => r.method === 'GET');
}

describe('the phone views', () => {
  it.each(Object.entries(VIEWS))('%s loads through the real registry and serves its vendor', async (name, spec) => {
    const { cls, registry } = await loadPluginThroughRegistry('view', name);
    expect(cls.name).toBe(spec.cls);
    expect(registry.resolve('dird.views', name).packageName).toBe('@dird/view-phone');
    const vendor = name.replace('_view', '');
    const routes = await routesOf(name);
    expect(routes.map((r) => r.url)).toEqual(
      spec.steps.map((step) => `/0.1/directories/${step}/:profile/:xivo_user_uuid/${vendor}`),
    );
  });

  it('declares the ACL of every route (reference §7.1), with placeholders that are the route parameters', async () => {
    for (const name of Object.keys(VIEWS)) {
      for (const route of await routesOf(name)) {
        const step = route.url.split('/')[3];
        expect(route.config).toEqual({ access: { acl: `dird.directories.${step}.{profile}.{xivo_user_uuid}.read` } });
        expect(routeAccessProblem(route.url, route.config)).toBeUndefined();
      }
    }
  });
});

describe('the phone config', () => {
  it('refuses a phone display whose number has no field, naming where', () => {
    const { problems } = checkBlock(PhoneViewsConfigSchema, {
      displays_phone: { office: { name: ['name'], number: [{ name_format: '{name}' }] } },
    });
    expect(problems[0].path).toBe('/displays_phone/office/number/0/field');
  });

  it.each([
    [{ name: [], number: [{ field: ['phone'] }] }, '/displays_phone/d/name'],
    [{ name: ['name'], number: [] }, '/displays_phone/d/number'],
    [{ name: ['name'], number: [{ field: [] }] }, '/displays_phone/d/number/0/field'],
    [{ name: ['name'], number: [{ field: [''] }] }, '/displays_phone/d/number/0/field/0'],
    [{ name: ['name'], number: [{ field: ['phone'], name_format: 3 }] }, '/displays_phone/d/number/0/name_format'],
    [{ number: [{ field: ['phone'] }] }, '/displays_phone/d/name'],
  ])('refuses %j at %s', (display, path) => {
    const { problems } = checkBlock(PhoneViewsConfigSchema, { displays_phone: { d: display } });
    expect(problems.map((p) => p.path)).toContain(path);
  });

  it('takes one field name where a list is expected, as plainly meant', () => {
    const { value, problems } = checkBlock(PhoneViewsConfigSchema, {
      displays_phone: { d: { name: 'name', number: [{ field: 'phone' }] } },
    });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ displays_phone: { d: { name: ['name'], number: [{ field: ['phone'] }] } } });
  });

  it('refuses a phone profile naming a display that does not exist, naming the key', () => {
    const make = () =>
      new PhoneDisplays({ ...CONFIG, profile_to_display_phone: { p: 'd', q: 'nope' } }, memoryLogger());
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/^views\.profile_to_display_phone\.q: phone display `nope` is not defined/);
  });

  it('refuses a name_format placeholder other than {name} and {number}, naming the key', () => {
    const make = (format: string) => () =>
      new PhoneDisplays(
        {
          displays_phone: { d: { name: ['name'], number: [{ field: ['p'] }, { field: ['m'], name_format: format }] } },
        },
        memoryLogger(),
      );
    expect(make('{name} ({type})')).toThrow(/^views\.displays_phone\.d\.number\.1\.name_format: .*\{type\}/);
    expect(make('{name')).toThrow(ConfigError);
    expect(make('{name}} x')).toThrow(ConfigError);
    expect(make('{{literal}} {name} {number}')).not.toThrow();
  });

  it('needs views.displays_phone, and warns when no phone profile uses one', () => {
    expect(() => new PhoneDisplays({}, memoryLogger())).toThrow(/^views\.displays_phone: is not set/);
    const logger = memoryLogger();
    const displays = new PhoneDisplays({ displays_phone: CONFIG.displays_phone }, logger);
    expect(logger.text()).toMatch(/warn: views.profile_to_display_phone names no phone profile/);
    expect(() => displays.get('p')).toThrow(HttpError);
    expect(() => displays.get('p')).toThrow('The profile `p` does not exist');
  });
});
