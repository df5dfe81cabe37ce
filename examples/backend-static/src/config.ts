import { commonSourceProperties, Type, type Static } from '@dird/core';

/** The keys of a `type: static` source: the common ones, plus the contacts it serves. */
export const StaticConfigSchema = Type.Object({
  ...commonSourceProperties,
  contacts: Type.Array(Type.Record(Type.String(), Type.String()), {
    default: [],
    description: 'The contacts, one mapping of field name to value each. Quote numbers: values are strings.',
  }),
});

/** A validated `type: static` source block. */
export type StaticConfig = Static<typeof StaticConfigSchema>;
