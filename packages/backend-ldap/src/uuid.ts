const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The canonical text of 16 raw bytes, read in byte order (xivo-dird's `binary_uuid`, not AD's mixed-endian
 * GUID string); null when the value is not 16 bytes long.
 */
export function bytesToUuid(bytes: Buffer): string | null {
  if (bytes.length !== 16) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 bytes of a canonical UUID text (any case), or null when `text` is not one. */
export function uuidToBytes(text: string): Buffer | null {
  if (!UUID.test(text)) return null;
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}
