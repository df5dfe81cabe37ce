import { BaseServicePlugin, profileSources, secondsToMs, type ServiceLoadArgs } from '@dird/core';
import { ReverseConfigSchema, type ReverseConfig } from './config.js';
import type { ReverseService } from './contract.js';
import { OrderedReverseService, type ReverseProfile } from './reverse-service.js';

/** The `reverse` service: `services.reverse.<profile>.{sources, timeout, country_code, …}`. */
export class ReverseServicePlugin extends BaseServicePlugin<ReverseService, ReverseConfig> {
  static override readonly configSchema = ReverseConfigSchema;

  load({ config, sources, logger, metrics }: ServiceLoadArgs<ReverseConfig>): ReverseService {
    const profiles = new Map<string, ReverseProfile>();
    for (const [profile, block] of Object.entries(config ?? {})) {
      const { country_code, national_prefix, international_prefix } = block;
      profiles.set(profile, {
        sources: profileSources(`services.reverse.${profile}.sources`, block.sources, sources, logger),
        timeoutMs: secondsToMs(block.timeout),
        phone: { country_code, national_prefix, international_prefix },
      });
    }
    return new OrderedReverseService(profiles, logger, metrics);
  }
}
