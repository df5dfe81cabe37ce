import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from './errors.js';

/** How a plugin checks a server's certificate, from a `verify_certificate` value. */
export interface CertificateCheck {
  /** False: no check at all (`verify_certificate: false`). */
  readonly verify: boolean;
  /** The CA to check against instead of Node's own, when the value names a PEM file. */
  readonly ca?: Buffer;
}

/**
 * Reads a `verify_certificate` value as the wazo clients take it: `true` (Node's CAs), `false` (no check) or the
 * path of a PEM file holding the CA (read now). A file that cannot be read is a config error naming `key`.
 */
export async function certificateCheck(value: boolean | string, key: string): Promise<CertificateCheck> {
  if (typeof value !== 'string') return { verify: value };
  const ca = await readFile(value).catch((err: unknown) => {
    throw new ConfigError(`cannot read the CA file ${value}: ${describeError(err)}`, { key }, { cause: err });
  });
  return { verify: true, ca };
}
