import { ProfileSources, ProfileTimeout, Type, type Static } from '@dird/core';

/** `services.lookup.<profile>`. */
export const LookupProfileSchema = Type.Object(
  {
    sources: ProfileSources('The sources searched for this profile, in the order results are merged.'),
    timeout: ProfileTimeout('Seconds a lookup waits for its sources; at the deadline it answers with what finished.'),
    max_results: Type.Integer({
      minimum: 1,
      default: 1000,
      description:
        "The most results one lookup answers (after offset). A request's limit above it is lowered to it. Keeps " +
        'an empty or one-letter term on a large directory from building a huge answer while other requests wait.',
    }),
  },
  { default: {} },
);

/** `services.lookup`: profile name -> profile. */
export const LookupConfigSchema = Type.Record(Type.String(), LookupProfileSchema, { default: {} });

/** A validated `services.lookup` block. */
export type LookupConfig = Static<typeof LookupConfigSchema>;
