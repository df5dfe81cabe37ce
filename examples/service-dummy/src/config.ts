import { Type, type Static } from '@dird/core';

/**
 * `services.dummy`: this service has no settings yet. Add yours as properties with a `default` and a
 * `description`; the daemon checks the block before `load` and warns about keys the schema does not know.
 */
export const DummyConfigSchema = Type.Object({}, { default: {} });

/** A validated `services.dummy` block. */
export type DummyConfig = Static<typeof DummyConfigSchema>;
