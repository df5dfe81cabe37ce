import { Type, type Static } from '@dird/core';

const NullableString = () => Type.Optional(Type.Union([Type.String(), Type.Null()]));

/** One column of a display: `views.displays.<name>[i]`. */
export const DisplayColumnSchema = Type.Object({
  title: NullableString(),
  type: NullableString(),
  default: Type.Optional(Type.Unknown()),
  field: NullableString(),
});

/** The keys of the `views` section the JSON views read: the displays, and which profile uses which. */
export const JsonViewsConfigSchema = Type.Object(
  {
    displays: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Array(DisplayColumnSchema), Type.Null()]), {
        description: 'Display name -> its columns (title, type, default, field).',
      }),
    ),
    profile_to_display: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Profile -> the display its answers use.' }),
    ),
  },
  { default: {} },
);

/** The validated keys the JSON views read. */
export type JsonViewsConfig = Static<typeof JsonViewsConfigSchema>;
