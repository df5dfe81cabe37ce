import { BaseServicePlugin, serviceRef, type ServiceLoadArgs } from '@dird/core';
import type { UserStore } from '@dird/service-user-store/contract';
import { PersonalConfigSchema, type PersonalConfig } from './config.js';
import type { PersonalService } from './contract.js';
import { StoredPersonalService } from './personal-service.js';

const userStore = serviceRef<UserStore>('user_store');

/**
 * The `personal` service: each user's personal contacts (create, read, replace, delete, purge, CSV import), kept
 * in the `user_store` service (loaded with it even when not enabled). As in xivo-dird, contacts are rendered as
 * results by the first loaded source of backend `personal`, whatever its name.
 */
export class PersonalServicePlugin extends BaseServicePlugin<PersonalService, PersonalConfig> {
  static override readonly configSchema = PersonalConfigSchema;
  static override readonly needs = [userStore];

  load({ config, sources, services, logger, metrics }: ServiceLoadArgs<PersonalConfig>): PersonalService {
    const source = [...sources.values()].find((s) => s.backend === 'personal');
    if (!source) {
      logger.warn(
        'no source of backend `personal` is loaded: GET /0.1/directories/personal/{profile} answers no results ' +
          '(the /0.1/personal routes work without one)',
      );
    }
    return new StoredPersonalService({
      store: services.require(userStore),
      source,
      importMaxContacts: config.import_max_contacts,
      metrics,
    });
  }
}
