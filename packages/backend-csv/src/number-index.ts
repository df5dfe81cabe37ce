import { isPhoneNumberText, normalizeNumber } from '@dird/core';

/** Numbers of up to this many digits are packed into a float64 key (with their length, so `012` ≠ `12`). */
const MAX_PACKED_DIGITS = 14;
const EMPTY = -1;

/**
 * The index key of a stored number or a searched one: its normalised form when it is written as a phone number
 * (digits and formatting only), else the text itself, compared exactly (`john12@example.com` is not `12`).
 */
export function numberKey(value: string): string {
  return (isPhoneNumberText(value) && normalizeNumber(value)) || value;
}

/**
 * `+?digits` (up to {@link MAX_PACKED_DIGITS}) as one exact float64: digits × 16 + length, negative for `+`.
 * NaN for anything else (`*`, `#`, text), which goes to a Map.
 */
function pack(key: string): number {
  const plus = key.charCodeAt(0) === 43 ? 1 : 0;
  const length = key.length - plus;
  if (length === 0 || length > MAX_PACKED_DIGITS) return Number.NaN;
  let n = 0;
  for (let i = plus; i < key.length; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  const packed = n * 16 + length;
  return plus ? -packed : packed;
}

/**
 * Normalised number → first row holding it, for reverse lookups: one probe per candidate spelling. A million-
 * row file holds about two million numbers; an open-addressing table of float64 keys keeps them in a few
 * dozen MiB where a Map of strings took over a hundred and much of the load time (docs/benchmarks.md).
 */
export class NumberIndex {
  private readonly keys: Float64Array;
  private readonly rows: Int32Array;
  private readonly mask: number;
  /** Keys that do not pack (service codes, text). */
  private readonly others = new Map<string, number>();

  /** An index sized for about `expected` numbers; add them in row order. */
  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.rows = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /** Records that `row` holds `value`, unless an earlier row already does (the first in file order wins). */
  add(value: string, row: number): void {
    const key = numberKey(value);
    const packed = pack(key);
    if (Number.isNaN(packed)) {
      if (!this.others.has(key)) this.others.set(key, row);
      return;
    }
    let slot = this.slotOf(packed);
    while (this.rows[slot] !== EMPTY) {
      if (this.keys[slot] === packed) return;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = packed;
    this.rows[slot] = row;
  }

  /** The first row holding `value` (formatting ignored), or undefined. */
  get(value: string): number | undefined {
    const key = numberKey(value);
    const packed = pack(key);
    if (Number.isNaN(packed)) return this.others.get(key);
    for (let slot = this.slotOf(packed); this.rows[slot] !== EMPTY; slot = (slot + 1) & this.mask) {
      if (this.keys[slot] === packed) return this.rows[slot];
    }
    return undefined;
  }

  private slotOf(packed: number): number {
    // Mix the high and low 32 bits: the low digits of phone numbers differ most.
    const low = (packed % 4294967296) | 0;
    const high = (packed / 4294967296) | 0;
    return (Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 0) & this.mask;
  }
}
