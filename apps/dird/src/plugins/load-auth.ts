import {
  codeOf,
  ConfigError,
  describeError,
  DirdError,
  ErrorCodes,
  Namespaces,
  servicesFor,
  validateBlock,
  type BaseAuthPlugin,
  type PluginRegistry,
  type TSchema,
} from '@dird/core';
import type { AuthSettings } from '../config/auth.js';
import type { LoadedService } from './load-services.js';
import { blockPlace, underLoadTimeout, warnUnknownKeys, type HostContext } from './plugin-host.js';

/** The keys of `auth` that are the host's, whatever the verifier. */
const HOST_KEYS = ['type', 'enabled'];

/**
 * Loads the token verifier the `auth` section names. Unlike other plugins, one that cannot be loaded stops the
 * start: serving without the authentication the config asks for would open the directory.
 */
export async function loadAuth(
  host: HostContext,
  registry: PluginRegistry,
  settings: AuthSettings,
  services: ReadonlyMap<string, LoadedService>,
): Promise<BaseAuthPlugin | undefined> {
  if (settings.mode !== 'verify') return undefined;
  const { type } = settings;
  const file = host.origins.of(['auth', 'type'])?.label ?? host.origins.of(['auth'])?.label;
  let cls: (new () => BaseAuthPlugin) & { configSchema?: unknown; needs?: BaseAuthPlugin['constructor'] };
  try {
    cls = (await registry.load(Namespaces.auth, type)) as typeof cls;
  } catch (err) {
    throw new DirdError(
      codeOf(err, ErrorCodes.PLUGIN_BROKEN),
      `${file ? `${file}: ` : ''}auth: token verifier "${type}": ${describeError(err)}`,
      { cause: err },
    );
  }
  const block = Object.fromEntries(Object.entries(settings.block).filter(([k]) => !HOST_KEYS.includes(k)));
  const schema = cls.configSchema as TSchema | undefined;
  let config: unknown = block;
  if (schema) {
    const checked = validateBlock(schema, block, blockPlace(host.origins, ['auth']));
    const [problem] = checked.errors;
    if (problem) throw new ConfigError(problem.message, { file: problem.file, key: problem.key });
    warnUnknownKeys(host.logger, { auth: type }, checked.unknownKeys);
    config = checked.value;
  }
  const needs = (cls as unknown as { needs?: [] }).needs ?? [];
  const verifier = new cls();
  try {
    await underLoadTimeout(host, `loading the token verifier "${type}"`, () =>
      verifier.load({
        config,
        mainConfig: host.config,
        services: servicesFor(`auth "${type}"`, needs, new Map([...services].map(([n, s]) => [n, s.service]))),
        logger: host.logger.child({ scope: `dird:auth:${type}` }),
        metrics: host.metrics,
        report: host.report,
      }),
    );
  } catch (err) {
    // A config mistake the verifier found at load (a CA file that cannot be read): name the file that set it.
    if (err instanceof ConfigError && !err.file && err.key) {
      const at = host.origins.of(err.key.split('.'))?.label;
      throw new DirdError(ErrorCodes.CONFIG_INVALID, `${at ? `${at}: ` : ''}${err.message}`, { cause: err });
    }
    throw new DirdError(codeOf(err), `auth: the token verifier "${type}" failed to load: ${describeError(err)}`, {
      cause: err,
    });
  }
  host.report.record({ subject: 'auth', name: type, state: 'loaded', file });
  return verifier;
}
