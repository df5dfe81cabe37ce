import { BaseServicePlugin, profileSources, secondsToMs, serviceRef, type ServiceLoadArgs } from '@dird/core';
import type { UserStore } from '@dird/service-user-store/contract';
import { FavoritesConfigSchema, type FavoritesConfig } from './config.js';
import type { FavoritesService } from './contract.js';
import { StoredFavoritesService, type FavoritesProfile } from './favorites-service.js';

const userStore = serviceRef<UserStore>('user_store');

/**
 * The `favorites` service: `services.favorites.<profile>.{sources, timeout}`. Each user's favorites are kept in
 * the `user_store` service (loaded with it even when not enabled), shared by every daemon on one store.
 */
export class FavoritesServicePlugin extends BaseServicePlugin<FavoritesService, FavoritesConfig> {
  static override readonly configSchema = FavoritesConfigSchema;
  static override readonly needs = [userStore];

  load({ config, sources, services, logger, metrics }: ServiceLoadArgs<FavoritesConfig>): FavoritesService {
    const profiles = new Map<string, FavoritesProfile>();
    for (const [profile, block] of Object.entries(config ?? {})) {
      const loaded = profileSources(`services.favorites.${profile}.sources`, block.sources, sources, logger);
      profiles.set(profile, {
        sources: loaded,
        names: new Set(loaded.map((s) => s.name)),
        timeoutMs: secondsToMs(block.timeout),
      });
    }
    return new StoredFavoritesService(services.require(userStore), profiles, logger, metrics);
  }
}
