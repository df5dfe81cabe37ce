import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { ConfigError, describeError } from '@dird/core';
import { isMapping } from './merge.js';
import { dotted, type KeyPath, type Origins } from './origins.js';
import type { MainConfig } from './schema.js';

/** The HTTP API's settings, from `rest_api` (both xivo-dird layouts), ready to listen with. */
export interface RestApiSettings {
  readonly listen: string;
  readonly port: number;
  /** The file and key that set `listen` and `port` (`rest_api.port` or `rest_api.https.port`), for errors. */
  readonly where: {
    readonly listen: { readonly file?: string; readonly key: string };
    readonly port: { readonly file?: string; readonly key: string };
  };
  /** Set when a certificate and a private key are configured: the API is served over HTTPS only. */
  readonly tls?: {
    readonly cert: Buffer;
    readonly key: Buffer;
    readonly ciphers?: string;
    /** The files, for the log. */
    readonly certificateFile: string;
    readonly privateKeyFile: string;
  };
  /** CORS for browser clients (web softphones): on by default, as in xivo-dird. */
  readonly cors: { readonly enabled: boolean; readonly allowHeaders: string };
}

type TlsKey = 'certificate' | 'private_key' | 'ciphers';

/**
 * Reads `rest_api`: `listen`, `port`, and HTTPS when `certificate` and `private_key` are set, either directly
 * under `rest_api` (xivo-dird) or under `rest_api.https` (later wazo-dird; those win). Reads the certificate
 * and key files now, and checks them (and `ciphers`) with OpenSSL, so a missing, unreadable or unusable one, or a
 * key that is not the certificate's, stops the start with the file and key that named it.
 */
export async function restApiSettings(config: MainConfig, origins: Origins): Promise<RestApiSettings> {
  const api = config.rest_api;
  const https = isMapping(api.https) ? api.https : undefined;
  // Each setting with the key path it came from: `rest_api.https.X` when set there, else `rest_api.X`.
  const setting = (key: 'listen' | 'port' | TlsKey): { value: unknown; at: KeyPath } =>
    https && https[key] !== undefined && https[key] !== null
      ? { value: https[key], at: ['rest_api', 'https', key] }
      : { value: api[key], at: ['rest_api', key] };
  const where = (at: KeyPath) => ({ file: origins.of(at)?.label, key: dotted(at) });

  const listen = setting('listen');
  if (typeof listen.value !== 'string' || listen.value === '')
    throw new ConfigError('must be an address (a string)', where(listen.at));
  const port = setting('port');
  if (!Number.isInteger(port.value) || (port.value as number) < 0 || (port.value as number) > 65535)
    throw new ConfigError('must be a port number (0 to 65535)', where(port.at));

  const text = (key: TlsKey) => {
    const s = setting(key);
    if (s.value === undefined || s.value === null || s.value === '') return undefined;
    if (typeof s.value !== 'string') throw new ConfigError('must be a string', where(s.at));
    return { value: s.value, at: s.at };
  };
  const certificate = text('certificate');
  const privateKey = text('private_key');
  const ciphers = text('ciphers');
  let tls: RestApiSettings['tls'];
  if (certificate || privateKey) {
    if (!certificate || !privateKey) {
      const [given, missing] = certificate ? [certificate, 'private_key'] : [privateKey!, 'certificate'];
      throw new ConfigError(
        `HTTPS needs both a certificate and a private key: ${dotted(given.at.slice(0, -1))}.${missing} is not set`,
        where(given.at),
      );
    }
    const read = async (s: { value: string; at: KeyPath }) => {
      const file = origins.resolvePath(s.value, s.at);
      try {
        return { file, bytes: await readFile(file) };
      } catch (err) {
        throw new ConfigError(`cannot read ${file}: ${describeError(err)}`, where(s.at), { cause: err });
      }
    };
    const cert = await read(certificate);
    const key = await read(privateKey);
    // Checked now with OpenSSL, one setting at a time, so that a mistake names its key rather than failing at
    // listen with a bare OpenSSL error.
    const check = (options: SecureContextOptions, at: KeyPath, what: string) => {
      try {
        createSecureContext(options);
      } catch (err) {
        throw new ConfigError(`${what} (${describeError(err)})`, where(at), { cause: err });
      }
    };
    check({ cert: cert.bytes }, certificate.at, `${cert.file} is not a PEM certificate`);
    check({ key: key.bytes }, privateKey.at, `${key.file} is not a usable PEM private key`);
    if (ciphers)
      check({ ciphers: ciphers.value }, ciphers.at, `"${ciphers.value}" is not a usable OpenSSL cipher list`);
    check(
      { cert: cert.bytes, key: key.bytes, ciphers: ciphers?.value },
      privateKey.at,
      `${key.file} is not the private key of the certificate ${cert.file}`,
    );
    tls = {
      cert: cert.bytes,
      key: key.bytes,
      ciphers: ciphers?.value,
      certificateFile: cert.file,
      privateKeyFile: key.file,
    };
  }

  const cors = api.cors;
  const allowHeaders = Array.isArray(cors.allow_headers) ? cors.allow_headers.join(', ') : cors.allow_headers;
  return {
    listen: listen.value,
    port: port.value as number,
    where: { listen: where(listen.at), port: where(port.at) },
    tls,
    cors: { enabled: cors.enabled, allowHeaders },
  };
}
