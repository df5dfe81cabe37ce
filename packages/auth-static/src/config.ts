import { PathString, Type, type Static } from '@dird/core';

/** One token: the token (or its SHA-256), whose it is, and the ACL patterns it grants. */
export const StaticTokenSchema = Type.Object({
  token: Type.Optional(Type.String({ minLength: 1, description: 'The token, in clear (kept only as its hash).' })),
  token_sha256: Type.Optional(
    Type.String({
      pattern: '^[0-9a-fA-F]{64}$',
      description: 'The SHA-256 of the token, in hex (`printf %s TOKEN | sha256sum`): the config holds no secret.',
    }),
  ),
  user_uuid: Type.String({ minLength: 1, description: 'The user the token stands for (`me` in its ACLs).' }),
  tenant: Type.Optional(Type.String({ minLength: 1, description: "The user's tenant." })),
  acls: Type.Array(Type.String({ minLength: 1 }), {
    description: 'wazo-auth ACL patterns: `*` one segment, `#` any run, `me` the user, `!` to deny.',
  }),
});

/** One validated token entry. */
export type StaticToken = Static<typeof StaticTokenSchema>;

/** The `auth` section when `auth.type` is `static`. */
export const StaticAuthConfigSchema = Type.Object({
  type: Type.Optional(Type.String({ description: 'The host picks the verifier by it (`static`).' })),
  enabled: Type.Optional(Type.Unknown({ description: "The host's: whether requests are authenticated." })),
  tokens: Type.Array(StaticTokenSchema, { default: [], description: 'The tokens, in the config.' }),
  tokens_file: Type.Optional(
    PathString({ description: 'A YAML or JSON file holding more tokens (the same list), read at start.' }),
  ),
});

/** A validated `auth` section of the `static` verifier. */
export type StaticAuthConfig = Static<typeof StaticAuthConfigSchema>;
