import { Type, type Static } from '@dird/core';

const FieldList = (description: string) => Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description });

/** One number of a phone display: `views.displays_phone.<name>.number[i]`. */
export const PhoneNumberSchema = Type.Object({
  field: FieldList('Candidate fields of the number: the first non-empty one is dialled.'),
  name_format: Type.Optional(
    Type.String({
      description: 'The name shown for this number, e.g. "{name} (Mobile)"; {name} and {number} are replaced.',
    }),
  ),
});

/** A phone display: `views.displays_phone.<name>`. */
export const PhoneDisplaySchema = Type.Object({
  name: FieldList("Candidate fields of the contact's name: the first non-empty one is shown."),
  number: Type.Array(PhoneNumberSchema, {
    minItems: 1,
    description: 'The numbers of a contact: each non-empty one is an entry of the phone directory.',
  }),
});

/**
 * The keys of the `views` section the phone views read (reference §3.2): the phone displays, and which phone
 * profile uses which. The daemon checks them before `load` and names the file and key of a mistake
 * (`views.displays_phone.default.number.0.field`).
 */
export const PhoneViewsConfigSchema = Type.Object(
  {
    // No null variant: errors inside a union are reported at the union, and the key of a mistake would be
    // lost (`views.displays_phone` instead of `views.displays_phone.default.number.0.field`).
    displays_phone: Type.Optional(
      Type.Record(Type.String(), PhoneDisplaySchema, {
        description: 'Phone display name -> how a contact becomes directory entries (name and numbers).',
      }),
    ),
    profile_to_display_phone: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Phone profile (the {profile} of the phone URLs) -> its phone display.',
      }),
    ),
  },
  { default: {} },
);

/** The validated keys the phone views read. */
export type PhoneViewsConfig = Static<typeof PhoneViewsConfigSchema>;

/** One validated phone display. */
export type PhoneDisplayConfig = Static<typeof PhoneDisplaySchema>;
