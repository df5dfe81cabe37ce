import {
  codeOf,
  ConfigError,
  describeError,
  DirdError,
  ErrorCodes,
  routeAccessProblem,
  servicesFor,
  validateBlock,
  type BaseViewPlugin,
  type ErrorCode,
  type TSchema,
  type ViewsConfig,
} from '@dird/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { notFound } from '../http/errors.js';
import { contextOf } from '../http/request-context.js';
import type { EnabledPlugins } from './enabled-plugins.js';
import type { LoadedService } from './load-services.js';
import { blockPlace, loadFailure, underLoadTimeout, warnUnknownKeys, type HostContext } from './plugin-host.js';

/** A view whose routes are registered, or that failed: its routes then answer 404, as if absent. */
interface ViewState {
  readonly name: string;
  readonly plugin: BaseViewPlugin<unknown, FastifyInstance, FastifyRequest>;
  failure?: { code: ErrorCode; reason: string };
}

/**
 * Validates the `views` section against every enabled view's schema (a mistake is fatal: it names the file
 * and the key), and warns once about keys of `views` that no view declares.
 */
export function validateViewsSection(host: HostContext, plugins: EnabledPlugins): Map<string, unknown> {
  const blocks = new Map<string, unknown>();
  const declared = new Set<string>();
  let anyUndeclared = false;
  for (const [name, cls] of plugins.classes.view) {
    const schema = cls.configSchema as (TSchema & { properties?: Record<string, unknown> }) | undefined;
    if (!schema) {
      anyUndeclared = true;
      blocks.set(name, host.config.views);
      continue;
    }
    for (const key of Object.keys(schema.properties ?? {})) declared.add(key);
    const checked = validateBlock(schema, host.config.views, blockPlace(host.origins, ['views']));
    const [problem] = checked.errors;
    if (problem) throw new ConfigError(problem.message, { file: problem.file, key: problem.key });
    blocks.set(name, checked.value);
  }
  if (!anyUndeclared) {
    const unknown = Object.keys(host.config.views ?? {}).filter((k) => !declared.has(k));
    warnUnknownKeys(
      host.logger,
      {},
      unknown.map((k) => ({
        key: `views.${k}`,
        file: host.origins.of(['views', k])?.label,
        message: 'no enabled view reads this key (ignored)',
      })),
    );
  }
  return blocks;
}

/**
 * Registers every enabled view as its own encapsulated Fastify plugin, with the services it declared. A view
 * whose `load` throws or hangs, or that adds a route declaring no access (`requireAcl` or `publicRoute`), is
 * logged and recorded as failed, and its routes answer 404.
 */
export async function loadViews(
  host: HostContext,
  plugins: EnabledPlugins,
  blocks: ReadonlyMap<string, unknown>,
  services: ReadonlyMap<string, LoadedService>,
  app: FastifyInstance,
): Promise<BaseViewPlugin[]> {
  const objects = new Map([...services].map(([n, s]) => [n, s.service]));
  const states: ViewState[] = [];
  for (const [name, cls] of plugins.classes.view) {
    const plugin = new cls() as ViewState['plugin'];
    const state: ViewState = { name, plugin };
    states.push(state);
    const needs = cls.needs ?? [];
    const missing = needs.find((r) => !r.optional && !objects.has(r.name));
    if (missing) {
      state.failure = {
        code: ErrorCodes.DEPENDENCY_MISSING,
        reason: `needs service "${missing.name}", which did not load`,
      };
      continue;
    }
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        const problem = routeAccessProblem(route.url, route.config);
        if (problem && !state.failure) {
          state.failure = {
            code: ErrorCodes.ROUTE_UNDECLARED,
            reason: `route ${String(route.method)} ${route.url} ${problem}`,
          };
        }
        route.handler = absentIfFailed(state, route.handler);
      });
      try {
        await underLoadTimeout(host, `loading view "${name}"`, () =>
          plugin.load({
            config: blocks.get(name) as ViewsConfig,
            mainConfig: host.config,
            app: scope,
            contextOf,
            services: servicesFor(`view "${name}"`, needs, objects),
            logger: host.logger.child({ scope: `dird:view:${name}` }),
            metrics: host.metrics,
            report: host.report,
          }),
        );
      } catch (err) {
        state.failure ??= { code: codeOf(err), reason: loadFailure(host, err) };
      }
    });
  }
  // Routes of plugins a view registered inside its scope are added now: check them too.
  try {
    await app.ready();
  } catch (err) {
    throw new DirdError(ErrorCodes.LOAD_FAILED, `a view's Fastify plugin failed: ${describeError(err)}`, {
      cause: err,
    });
  }
  const loaded: BaseViewPlugin[] = [];
  for (const state of states) {
    if (!state.failure) {
      loaded.push(state.plugin as BaseViewPlugin);
      continue;
    }
    const { code, reason } = state.failure;
    host.logger.error({ view: state.name, code }, `Failed to load view \`${state.name}\`: ${reason}`);
    const entry = host.report.find('view', state.name);
    host.report.record({ ...entry, subject: 'view', name: state.name, state: 'failed', code, reason });
  }
  return loaded;
}

/**
 * The route's handler, answering 404 (as for a route that does not exist) while its view is failed. A wrapper,
 * not an `onRequest` hook: a route with hooks takes Fastify's slower path on every request (measured: 10–15% of
 * a reverse lookup's throughput).
 */
function absentIfFailed(state: ViewState, handler: RouteHandlerMethod): RouteHandlerMethod {
  return function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    if (state.failure) return notFound(request, reply);
    return handler.call(this, request, reply);
  };
}
