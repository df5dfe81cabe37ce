import { BaseServicePlugin, secondsToMs, type ReverseService, type ServiceLoadArgs } from '@dird/core';
import { ReverseConfigSchema, type ReverseConfig } from './config.js';
import { OrderedReverseService, type ReverseProfile } from './reverse-service.js';

/** The `reverse` service: `services.reverse.<profile>.{sources, timeout, country_code, …}`. */
export class ReverseServicePlugin extends BaseServicePlugin<ReverseService, ReverseConfig> {
  static override readonly configSchema = ReverseConfigSchema;

  load({ serviceConfig, sources, logger }: ServiceLoadArgs<ReverseConfig>): ReverseService {
    const profiles = new Map<string, ReverseProfile>();
    for (const [profile, block] of Object.entries(serviceConfig ?? {})) {
      const missing = block.sources.filter((n) => !sources.has(n));
      if (missing.length > 0) {
        logger.warn(
          { profile, missing },
          `services.reverse.${profile}.sources names sources that are not loaded (skipped): ${missing.join(', ')}`,
        );
      }
      const { country_code, national_prefix, international_prefix } = block;
      profiles.set(profile, {
        sources: block.sources.filter((n) => sources.has(n)).map((n) => sources.get(n)!),
        timeoutMs: secondsToMs(block.timeout),
        phone: { country_code, national_prefix, international_prefix },
      });
    }
    return new OrderedReverseService(profiles, logger);
  }
}
