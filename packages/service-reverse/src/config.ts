import { EXPECTED_KEYWORD, ProfileSources, ProfileTimeout, Type, type Static } from '@dird/core';

const Digits = (description: string, pattern = '^[0-9]+$') => Type.Optional(Type.String({ pattern, description }));

/** `services.reverse.<profile>`. */
export const ReverseProfileSchema = Type.Object(
  {
    sources: ProfileSources('Sources asked, in priority order: the first in this order that matches wins.'),
    timeout: ProfileTimeout('Seconds: the hard deadline of a reverse lookup (a phone is ringing).'),
    country_code: Digits('Country calling code (33): makes national and international forms match.'),
    national_prefix: Digits(
      'Trunk prefix of national numbers (default 0 when country_code is set; empty where there is none).',
      '^[0-9]*$',
    ),
    international_prefix: Digits('Prefix replacing + when dialling abroad (default 00 when country_code is set).'),
  },
  // TypeBox applies defaults inside a record's values only when the value schema has a default itself.
  {
    default: {},
    // `reverse: {default: [my_csv]}` (a list where the profile's settings are expected) is then told what to write.
    [EXPECTED_KEYWORD]: 'a profile: a mapping of its settings, such as {sources: [my_csv], timeout: 1}',
  },
);

/** `services.reverse`: profile name -> profile. */
export const ReverseConfigSchema = Type.Record(Type.String(), ReverseProfileSchema, {
  default: {},
  [EXPECTED_KEYWORD]: 'a mapping of profile name to profile, such as {default: {sources: [my_csv]}}',
});

/** A validated `services.reverse` block. */
export type ReverseConfig = Static<typeof ReverseConfigSchema>;
