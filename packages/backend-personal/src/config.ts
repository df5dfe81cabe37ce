import { commonSourceProperties, Type, type Static } from '@dird/core';

/**
 * The keys of a `type: personal` source: the common ones. `searched_columns` and `first_matched_columns` name
 * attributes of the contacts (xivo-dird's shipped source searched company, email, fax, firstname, lastname,
 * mobile and number, and matched number and mobile). The unique column is always `id`.
 */
export const PersonalConfigSchema = Type.Object({ ...commonSourceProperties });

/** A validated `type: personal` source block. */
export type PersonalConfig = Static<typeof PersonalConfigSchema>;
