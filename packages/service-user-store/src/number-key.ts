import { isPhoneNumberText, normalizeNumber } from '@dird/core';
import { NUMBER_KEY_LIMIT } from './limits.js';

/**
 * A value as reverse lookups compare it, as the other backends do: a value written as a phone number without
 * its formatting (`+33 1 23-45` → `+3312345`), anything else exactly as written. Null past the limit.
 */
export function numberKey(value: string): string | null {
  const key = (isPhoneNumberText(value) && normalizeNumber(value)) || value;
  return key.length > NUMBER_KEY_LIMIT ? null : key;
}
