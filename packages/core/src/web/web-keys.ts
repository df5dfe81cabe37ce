import { Type } from '@sinclair/typebox';
import { PATH_KEYWORD } from '../config-schema.js';

/**
 * `verify_certificate` of a block whose source answers over HTTPS (csv_ws, xivo's confd, the web interface's
 * phonebook): true, false, or a PEM file, relative to the config file that sets it. Read by `certificateCheck`.
 */
export function verifyCertificateKey(what: string) {
  return Type.Union([Type.Boolean(), Type.String({ minLength: 1 })], {
    default: true,
    // Marks the string form as a path, resolved against the folder of the config file that set it.
    [PATH_KEYWORD]: true,
    description: `For https:// ${what}: check the certificate against the CAs built into Node.js (true), not at all (false), or against the CA(s) in this PEM file.`,
  });
}

/** `max_answer_bytes`: the largest answer a web source reads, `bytes` by default (see {@link WebClient}). */
export function maxAnswerBytesKey(bytes: number) {
  return Type.Integer({
    minimum: 1,
    default: bytes,
    description: 'The largest answer read, in bytes; a larger one makes the call fail instead of filling memory.',
  });
}
