import { PATH_KEYWORD, Type, type Static } from '@dird/core';

/** wazo-auth's default timeout in its Python clients (wazo_lib_rest_client), in seconds. */
export const DEFAULT_TIMEOUT = 10;
/** Seconds a positive answer is kept: long enough for a phone user typing a name, short enough for revocation. */
export const DEFAULT_CACHE_TTL = 5;

/** The `auth` section when `auth.type` is `wazo` (or absent with `auth.host` set): xivo-dird's keys. */
export const WazoAuthConfigSchema = Type.Object({
  type: Type.Optional(Type.String({ description: 'The host picks the verifier by it (`wazo`).' })),
  enabled: Type.Optional(Type.Unknown({ description: "The host's: whether requests are authenticated." })),
  host: Type.String({ minLength: 1, description: 'The wazo-auth (xivo-auth) server: a name or an address.' }),
  port: Type.Integer({ minimum: 1, maximum: 65535, default: 9497, description: 'Its port.' }),
  https: Type.Boolean({ default: true, description: 'Talk HTTPS to it (true, as the wazo clients do).' }),
  verify_certificate: Type.Union([Type.Boolean(), Type.String({ minLength: 1 })], {
    default: true,
    // Marks the string form as a path, resolved against the folder of the config file that set it.
    [PATH_KEYWORD]: true,
    description:
      "Check its certificate against the system's CAs (true), not at all (false), or against the CA in this PEM file.",
  }),
  timeout: Type.Number({
    exclusiveMinimum: 0,
    default: DEFAULT_TIMEOUT,
    description: 'Seconds each request to wazo-auth may take (as the wazo clients count it); past it, 503.',
  }),
  prefix: Type.Union([Type.String({ pattern: '^[^?#\\s]*$' }), Type.Null()], {
    default: null,
    description: 'URL prefix in front of /0.1 (`/api/auth` through the nginx of a Wazo); none by default.',
  }),
  cache_ttl: Type.Number({
    minimum: 0,
    default: DEFAULT_CACHE_TTL,
    description:
      'Seconds a positive answer (token, ACL) is kept; 0 asks wazo-auth every time. Refusals are never kept.',
  }),
  cache_size: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: 'The most answers kept (the least recently used go first).',
  }),
  key_file: Type.Optional(
    Type.String({ description: "wazo-dird's service key: accepted and not used (checking a token needs no token)." }),
  ),
});

/** A validated `auth` section of the `wazo` verifier. */
export type WazoAuthConfig = Static<typeof WazoAuthConfigSchema>;
