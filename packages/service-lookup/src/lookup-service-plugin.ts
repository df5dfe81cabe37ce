import { BaseServicePlugin, secondsToMs, type LookupService, type ServiceLoadArgs } from '@dird/core';
import { LookupConfigSchema, type LookupConfig } from './config.js';
import { FanOutLookupService, type LookupProfile } from './lookup-service.js';

/** The `lookup` service: `services.lookup.<profile>.{sources, timeout, max_results}`. */
export class LookupServicePlugin extends BaseServicePlugin<LookupService, LookupConfig> {
  static override readonly configSchema = LookupConfigSchema;

  load({ serviceConfig, sources, logger }: ServiceLoadArgs<LookupConfig>): LookupService {
    const profiles = new Map<string, LookupProfile>();
    for (const [profile, { sources: names, timeout, max_results }] of Object.entries(serviceConfig ?? {})) {
      const missing = names.filter((n) => !sources.has(n));
      if (missing.length > 0) {
        logger.warn(
          { profile, missing },
          `services.lookup.${profile}.sources names sources that are not loaded (skipped): ${missing.join(', ')}`,
        );
      }
      profiles.set(profile, {
        sources: names.filter((n) => sources.has(n)).map((n) => sources.get(n)!),
        timeoutMs: secondsToMs(timeout),
        maxResults: max_results,
      });
    }
    return new FanOutLookupService(profiles, logger);
  }
}
