import type { StoreLimits } from './contract.js';

/** The limits of every store: the drivers' columns hold these. */
export const STORE_LIMITS: StoreLimits = Object.freeze({
  user: 128,
  source: 128,
  contactId: 255,
  attributeName: 255,
  value: 10_000,
  attributes: 100,
});

/** A number longer than this is not compared by reverse lookups (no phone number is that long). */
export const NUMBER_KEY_LIMIT = 255;
