import { DirdError, ErrorCodes } from './errors.js';

declare const serviceType: unique symbol;

/**
 * A typed reference to a service, by its plugin name: what a plugin puts in its `needs` to be handed that
 * service, and what it passes to {@link Services.get} to get it typed. The type is the service's contract,
 * which its package exports (`import type { LookupService } from '@dird/service-lookup/contract'`).
 */
export interface ServiceRef<T> {
  /** The service's plugin name (`enabled_plugins.services`). */
  readonly name: string;
  /** True: the plugin loads without it (and asks with {@link Services.get}); false: it fails to load. */
  readonly optional: boolean;
  /** Carries the service's type; never set. */
  readonly [serviceType]?: T;
}

/** A reference to the service named `name`, whose object is a `T`; required unless `optional` is set. */
export function serviceRef<T>(name: string, options: { optional?: boolean } = {}): ServiceRef<T> {
  return Object.freeze({ name, optional: options.optional ?? false });
}

/** The services a plugin declared in `needs`, as the host hands them to `load`. */
export interface Services {
  /** The service, or undefined when it is not loaded (an optional need that is absent). */
  get<T>(ref: ServiceRef<T>): T | undefined;
  /** The service; throws when it is not loaded. */
  require<T>(ref: ServiceRef<T>): T;
  /** The names of the declared services that are loaded, in the order they were declared. */
  names(): string[];
}

/**
 * The {@link Services} of one plugin: the loaded service objects of the names it declared. Asking for a
 * service it did not declare throws: the host orders the loading by the declarations, so an undeclared
 * service may not be loaded yet.
 */
export function servicesFor(
  owner: string,
  needs: readonly ServiceRef<unknown>[],
  loaded: ReadonlyMap<string, unknown>,
): Services {
  const declared = new Set(needs.map((r) => r.name));
  const get = <T>(ref: ServiceRef<T>): T | undefined => {
    if (!declared.has(ref.name)) {
      throw new DirdError(
        ErrorCodes.DEPENDENCY_MISSING,
        `${owner} asked for service "${ref.name}" without declaring it: add serviceRef('${ref.name}') to its static needs`,
      );
    }
    return loaded.get(ref.name) as T | undefined;
  };
  return {
    get,
    require<T>(ref: ServiceRef<T>): T {
      const service = get(ref);
      if (service === undefined) {
        throw new DirdError(ErrorCodes.DEPENDENCY_MISSING, `${owner} needs service "${ref.name}", which is not loaded`);
      }
      return service;
    },
    names: () => needs.map((r) => r.name).filter((n) => loaded.has(n)),
  };
}
