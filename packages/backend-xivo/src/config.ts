import { commonSourceProperties, maxAnswerBytesKey, Type, verifyCertificateKey, type Static } from '@dird/core';

/** xivo-confd-client's defaults (reference §3.4): HTTPS on port 9486, API version 1.1, 10 s a request. */
export const CONFD_DEFAULTS = { port: 9486, https: true, version: '1.1', timeout: 10 } as const;
/**
 * The default of `max_answer_bytes` (16 MiB): confd's directory view is some 300 bytes a user, so about 50,000
 * users; favorites read the whole list.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Where confd listens and how to talk to it: xivo-dird's `confd_config`, as its confd client read it. */
export const ConfdConfigSchema = Type.Object({
  host: Type.String({ minLength: 1, description: 'The host name or address of xivo-confd.' }),
  port: Type.Integer({
    minimum: 1,
    maximum: 65535,
    default: CONFD_DEFAULTS.port,
    description: 'Its port (9486: HTTPS; XiVO also serves plain HTTP on 127.0.0.1:9487).',
  }),
  https: Type.Boolean({ default: CONFD_DEFAULTS.https, description: 'HTTPS (true) or plain HTTP (false).' }),
  // XiVO's shipped sources.d/xivo_users.yml writes `version: 1.1`, which YAML reads as a number.
  version: Type.Union([Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$' }), Type.Number({ exclusiveMinimum: 0 })], {
    default: CONFD_DEFAULTS.version,
    description: "The REST API's version, the first part of every path (1.1; a number is read as its text).",
  }),
  prefix: Type.Optional(
    Type.String({
      pattern: '^(/[A-Za-z0-9._~-]+)*/?$',
      description: 'A path before the version, when confd is behind a proxy (`/api/confd`).',
    }),
  ),
  timeout: Type.Number({
    exclusiveMinimum: 0,
    default: CONFD_DEFAULTS.timeout,
    description: 'Seconds a request to confd may take, answer included (a profile timeout may cut it).',
  }),
  verify_certificate: verifyCertificateKey('confd'),
  token: Type.Optional(
    Type.String({ minLength: 1, description: 'A xivo-auth token sent as X-Auth-Token with every request.' }),
  ),
  username: Type.Optional(Type.String({ description: 'Not used: HTTP digest credentials (warned about at load).' })),
  password: Type.Optional(Type.String({ description: 'Not used: HTTP digest credentials (warned about at load).' })),
});

/** The keys of a `type: xivo` source: xivo-dird's (reference §3.4), plus the bound on an answer's size. */
export const XivoConfigSchema = Type.Object({
  ...commonSourceProperties,
  confd_config: ConfdConfigSchema,
  extra_search_params: Type.Optional(
    Type.Record(Type.String({ minLength: 1 }), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'Parameters added to every query of the users (`{recurse: true}`); `view` and `search` are dird’s.',
    }),
  ),
  max_answer_bytes: maxAnswerBytesKey(DEFAULT_MAX_ANSWER_BYTES),
});

/** A validated `confd_config`. */
export type ConfdConfig = Static<typeof ConfdConfigSchema>;
/** A validated `type: xivo` source block. */
export type XivoConfig = Static<typeof XivoConfigSchema>;
