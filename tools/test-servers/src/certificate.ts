import { execFile } from 'node:child_process';
import path from 'node:path';
import { ensureDebianPackages, findBinary } from './debian.js';

/** A certificate and its private key, as PEM files. */
export interface CertificateFiles {
  /** The self-signed certificate, which is also its own CA: give it to clients as the CA to trust. */
  readonly cert: string;
  readonly key: string;
}

/**
 * Writes a self-signed certificate for 127.0.0.1 (an EC key: generated in milliseconds) into `dir` as
 * `cert.pem` and `key.pem`, with openssl (installed from Debian's packages when missing).
 */
export async function selfSignedCertificate(dir: string): Promise<CertificateFiles> {
  ensureDebianPackages({ openssl: 'openssl' });
  const openssl = findBinary('openssl');
  if (!openssl) throw new Error('openssl is not installed');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const args = [
    'req',
    ...'-x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1'.split(' '),
    ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
  ];
  await new Promise<void>((resolve, reject) => {
    execFile(openssl, args, { timeout: 60_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`openssl failed: ${stderr || err.message}`, { cause: err }));
      else resolve();
    });
  });
  return { cert, key };
}
