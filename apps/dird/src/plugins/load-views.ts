import { describeError, type BaseViewPlugin, type DirdConfig, type Logger } from '@dird/core';
import type { FastifyInstance } from 'fastify';
import type { EnabledPlugins } from './enabled-plugins.js';
import type { LoadedService } from './load-services.js';
import { withTimeout } from './with-timeout.js';

/** Loads every enabled view onto the HTTP app. A view whose `load` throws is logged and its routes are absent. */
export async function loadViews(
  config: DirdConfig,
  plugins: EnabledPlugins,
  services: ReadonlyMap<string, LoadedService>,
  app: FastifyInstance,
  logger: Logger,
  loadTimeoutMs: number,
): Promise<BaseViewPlugin[]> {
  const serviceObjects = new Map([...services].map(([name, s]) => [name, s.service]));
  const loaded: BaseViewPlugin[] = [];
  for (const [name, cls] of plugins.classes.view) {
    const plugin = new cls() as BaseViewPlugin<FastifyInstance>;
    try {
      const child = logger.child({ scope: `dird:view:${name}` });
      await withTimeout(
        plugin.load({ config: config.views, mainConfig: config, app, services: serviceObjects, logger: child }),
        loadTimeoutMs,
        `loading view "${name}"`,
      );
      loaded.push(plugin);
    } catch (err) {
      logger.error({ view: name }, `Failed to load view \`${name}\`: ${describeError(err)}`);
    }
  }
  return loaded;
}
