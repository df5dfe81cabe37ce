import type { TSchema } from '@sinclair/typebox';
import type { DirdConfig } from './config-types.js';
import type { Logger } from './logger.js';
import type { BaseSourcePlugin } from './source-plugin.js';

/** What a service gets in `load`. */
export interface ServiceLoadArgs<C = unknown> {
  /** The whole merged configuration (xivo-dird passes it whole to services). */
  readonly config: DirdConfig;
  /** This service's block, `services.<name>`, validated against the plugin's `configSchema`. */
  readonly serviceConfig: C;
  /** The sources that loaded, by name. */
  readonly sources: ReadonlyMap<string, BaseSourcePlugin>;
  readonly logger: Logger;
}

/** A service: `load` returns the object that views call. */
export abstract class BaseServicePlugin<S = unknown, C = unknown> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'service';
  /** JSON Schema (TypeBox) of `services.<name>`. */
  static readonly configSchema?: TSchema;

  /** Builds the service object. */
  abstract load(args: ServiceLoadArgs<C>): Promise<S> | S;

  /** Stops the service (pending work, timers). */
  unload(): Promise<void> | void {}
}
