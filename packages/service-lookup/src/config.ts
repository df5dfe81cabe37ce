import { EXPECTED_KEYWORD, ProfileSources, ProfileTimeout, Type, type Static } from '@dird/core';

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
  {
    default: {},
    // `lookup: {default: [my_csv]}` (a list where the profile's settings are expected) is then told what to write.
    [EXPECTED_KEYWORD]: 'a profile: a mapping of its settings, such as {sources: [my_csv], timeout: 1}',
  },
);

/** `services.lookup`: profile name -> profile. */
export const LookupConfigSchema = Type.Record(Type.String(), LookupProfileSchema, {
  default: {},
  [EXPECTED_KEYWORD]: 'a mapping of profile name to profile, such as {default: {sources: [my_csv]}}',
});

/** A validated `services.lookup` block. */
export type LookupConfig = Static<typeof LookupConfigSchema>;
