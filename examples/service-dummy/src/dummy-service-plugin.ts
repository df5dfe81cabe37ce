import { BaseServicePlugin, type ServiceLoadArgs } from '@dird/core';
import { DummyConfigSchema, type DummyConfig } from './config.js';
import type { DummyService } from './contract.js';

/**
 * The `dummy` service: `load` returns the object views call. This one lists nothing; a real service
 * would search the `sources` it is given under a `Deadline`, passing each call the request's context.
 */
export class DummyServicePlugin extends BaseServicePlugin<DummyService, DummyConfig> {
  static override readonly configSchema = DummyConfigSchema;

  load({ sources, logger }: ServiceLoadArgs<DummyConfig>): DummyService {
    logger.info({ sources: [...sources.keys()] }, `dummy service ready (${sources.size} sources loaded)`);
    return { list: async () => [] };
  }
}
