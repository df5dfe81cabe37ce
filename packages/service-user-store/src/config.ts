import { Type, type Static } from '@dird/core';

/**
 * `services.user_store`: how the per-user store is reached. Where it is comes from the top-level `db_uri` (the
 * wazo-dird key), so that every daemon of a site can share one config line.
 */
export const UserStoreConfigSchema = Type.Object(
  {
    pool_size: Type.Integer({
      minimum: 1,
      maximum: 200,
      default: 10,
      description: 'MySQL/MariaDB: the most connections one daemon opens to the store.',
    }),
    connect_timeout: Type.Number({
      exclusiveMinimum: 0,
      default: 2,
      description: 'Seconds to get a connection to MySQL/MariaDB before the store counts as down.',
    }),
    query_timeout: Type.Number({
      exclusiveMinimum: 0,
      default: 5,
      description: 'Seconds one MySQL/MariaDB statement may take; past it the request answers 503.',
    }),
    retry_interval: Type.Number({
      exclusiveMinimum: 0,
      default: 1,
      description:
        'Seconds between two attempts to reach a store that is down (it is back in use at the first success).',
    }),
  },
  { default: {} },
);

/** A validated `services.user_store` block. */
export type UserStoreConfig = Static<typeof UserStoreConfigSchema>;
