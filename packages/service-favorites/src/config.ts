import { ProfileSources, ProfileTimeout, Type, type Static } from '@dird/core';

/** `services.favorites.<profile>`. */
export const FavoritesProfileSchema = Type.Object(
  {
    sources: ProfileSources(
      "The sources whose contacts can be this profile's favorites (a favorite belongs to one source, by its exact name).",
    ),
    timeout: ProfileTimeout(
      'Seconds the favorites list waits for its sources; also the longest a lookup waits for the favorite flags.',
    ),
  },
  { default: {} },
);

/** `services.favorites`: profile name -> profile. */
export const FavoritesConfigSchema = Type.Record(Type.String(), FavoritesProfileSchema, { default: {} });

/** A validated `services.favorites` block. */
export type FavoritesConfig = Static<typeof FavoritesConfigSchema>;
