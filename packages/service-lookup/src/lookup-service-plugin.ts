import { BaseServicePlugin, profileSources, secondsToMs, type ServiceLoadArgs } from '@dird/core';
import { LookupConfigSchema, type LookupConfig } from './config.js';
import type { LookupService } from './contract.js';
import { FanOutLookupService, type LookupProfile } from './lookup-service.js';

/** The `lookup` service: `services.lookup.<profile>.{sources, timeout, max_results}`. */
export class LookupServicePlugin extends BaseServicePlugin<LookupService, LookupConfig> {
  static override readonly configSchema = LookupConfigSchema;

  load({ config, sources, logger, metrics }: ServiceLoadArgs<LookupConfig>): LookupService {
    const profiles = new Map<string, LookupProfile>();
    for (const [profile, block] of Object.entries(config ?? {})) {
      profiles.set(profile, {
        sources: profileSources(`services.lookup.${profile}.sources`, block.sources, sources, logger),
        timeoutMs: secondsToMs(block.timeout),
        maxResults: block.max_results,
      });
    }
    return new FanOutLookupService(profiles, logger, metrics);
  }
}
