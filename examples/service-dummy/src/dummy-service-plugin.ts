import { BaseServicePlugin, type ServiceLoadArgs, type SourceResult } from '@dird/core';
import { DummyConfigSchema, type DummyConfig } from './config.js';

/** What the `dummy` service offers the views that ask for it by name (`services.get('dummy')`). */
export interface DummyService {
  /** The contacts this service knows: none. */
  list(options?: { signal?: AbortSignal }): Promise<SourceResult[]>;
}

/**
 * The `dummy` service: `load` returns the object views call. This one lists nothing; a real service
 * would search the `sources` it is given, under a deadline, passing each call an AbortSignal.
 */
export class DummyServicePlugin extends BaseServicePlugin<DummyService, DummyConfig> {
  static override readonly configSchema = DummyConfigSchema;

  load({ sources, logger }: ServiceLoadArgs<DummyConfig>): DummyService {
    logger.info({ sources: [...sources.keys()] }, `dummy service ready (${sources.size} sources loaded)`);
    return { list: async () => [] };
  }
}
