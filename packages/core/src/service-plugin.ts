import type { TSchema } from '@sinclair/typebox';
import type { Health } from './health.js';
import type { PluginLoadArgs } from './plugin-args.js';
import type { ServiceRef } from './service-ref.js';
import type { BaseSourcePlugin } from './source-plugin.js';

/** What a service gets in `load`: `services.<name>` as `config`, the loaded sources, the services it needs. */
export interface ServiceLoadArgs<C = unknown> extends PluginLoadArgs<C> {
  /** The sources that loaded, by name (empty for a service loaded before the sources: see `needsSources`). */
  readonly sources: ReadonlyMap<string, BaseSourcePlugin>;
}

/**
 * A service: `load` returns the object that views and other services call, typed by the contract its package
 * exports. The host loads services in the order of their `needs`, after the sources.
 */
export abstract class BaseServicePlugin<S = unknown, C = unknown> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'service';
  /** JSON Schema (TypeBox) of `services.<name>`. */
  static readonly configSchema?: TSchema;
  /** The services this one calls; the host loads them first and names a missing one or a cycle. */
  static readonly needs: readonly ServiceRef<unknown>[] = [];
  /**
   * False for a service that works without sources (a store): a backend may then need it, and it is loaded
   * before the sources. True (the default): it gets the loaded sources, so no backend can need it.
   */
  static readonly needsSources: boolean = true;

  /** Builds the service object. */
  abstract load(args: ServiceLoadArgs<C>): Promise<S> | S;

  /** Stops the service (pending work, timers). */
  unload(): Promise<void> | void {}

  /**
   * How the service's dependency (a store, a server) works now, for `GET /0.1/status`; undefined (the default): it has nothing to say. Called
   * only when the status is asked: answer what you kept (a `HealthTracker`), do no I/O here.
   */
  health(): Health | undefined {
    return undefined;
  }
}
