import { Type, type Static } from '@dird/core';

/** `services.personal`: limits of what one user may send. */
export const PersonalConfigSchema = Type.Object(
  {
    import_max_contacts: Type.Integer({
      minimum: 1,
      default: 50_000,
      description:
        'The most contacts one CSV import creates; a longer file is refused whole (400). Imports run in one ' +
        'transaction: a bound keeps one from holding the store for long.',
    }),
  },
  { default: {} },
);

/** A validated `services.personal` block. */
export type PersonalConfig = Static<typeof PersonalConfigSchema>;
