import { EXPECTED_KEYWORD, Type, type Static, type TSchema } from '@dird/core';

/**
 * Plugin names, as a list or as a mapping of name to true/false; absent means none. No `default` here: TypeBox's
 * `Value.Default` replaces a mapping given to a union that has a default by that default.
 */
const PluginList = () =>
  Type.Optional(
    Type.Union([Type.Array(Type.String()), Type.Record(Type.String(), Type.Boolean()), Type.Null()], {
      description: 'Plugin names, as a list or as a mapping of name to true/false.',
      [EXPECTED_KEYWORD]: 'a list of plugin names, or a mapping of name to true/false',
    }),
  );

/** An optional key that may also be written empty (`key:` in YAML is null). */
const Optional = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** The daemon's own keys; plugins validate theirs (`sources.*`, `services.<name>`, `views`). Unknown keys are allowed. */
export const MainConfigSchema = Type.Object({
  config_file: Type.Optional(Type.String()),
  extra_config_files: Type.String(),
  source_config_dir: Type.String(),
  plugin_paths: Type.Array(Type.String(), { default: [] }),
  log_level: Type.Union(
    ['critical', 'error', 'warning', 'info', 'debug', 'fatal', 'warn', 'trace'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  debug: Type.Boolean({ default: false }),
  log_filename: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  enabled_plugins: Type.Object(
    { backends: PluginList(), services: PluginList(), views: PluginList() },
    { default: {} },
  ),
  sources: Type.Record(Type.String(), Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]), {
    default: {},
    [EXPECTED_KEYWORD]: 'a mapping of source name to source settings',
  }),
  services: Type.Record(Type.String(), Type.Unknown(), {
    default: {},
    [EXPECTED_KEYWORD]: 'a mapping of service name to its settings, such as {lookup: {default: {sources: [my_csv]}}}',
  }),
  // Each view validates the keys it reads (its configSchema).
  views: Type.Record(Type.String(), Type.Unknown(), {
    default: {},
    [EXPECTED_KEYWORD]: 'a mapping of view settings (displays, profile_to_display)',
  }),
  rest_api: Type.Object(
    {
      listen: Type.String({ default: '127.0.0.1', description: 'Address the HTTP API listens on.' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 9489 }),
      certificate: Optional(Type.String({ description: 'PEM certificate (chain): with private_key, HTTPS only.' })),
      private_key: Optional(Type.String({ description: 'PEM private key of the certificate.' })),
      ciphers: Optional(Type.String({ description: 'OpenSSL cipher list for HTTPS (default: Node.js defaults).' })),
      https: Optional(
        Type.Object(
          {
            listen: Optional(Type.String()),
            port: Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
            certificate: Optional(Type.String()),
            private_key: Optional(Type.String()),
            ciphers: Optional(Type.String()),
          },
          { description: 'The same keys, in the later wazo-dird layout; they win over the ones above.' },
        ),
      ),
      rate_limit: Type.Object(
        {
          enabled: Type.Boolean({ default: false, description: 'Limit the requests of each client (address).' }),
          requests_per_second: Type.Number({
            exclusiveMinimum: 0,
            default: 20,
            description: 'Requests a second one client may make on average.',
          }),
          burst: Type.Integer({ minimum: 1, default: 40, description: 'Requests one client may make at once.' }),
        },
        { default: {} },
      ),
      cors: Type.Object(
        {
          enabled: Type.Boolean({ default: true }),
          allow_headers: Type.Union([Type.String(), Type.Array(Type.String())], {
            default: 'Content-Type, X-Auth-Token',
          }),
        },
        { default: {} },
      ),
    },
    { default: {} },
  ),
  db_uri: Optional(
    Type.String({
      description:
        "Where the user store keeps favorites and personal contacts (wazo-dird's key): sqlite:////path or mysql://…; " +
        'read by the user_store service (docs/configuration.md).',
    }),
  ),
  // Read by the authentication settings (config/auth.ts) and validated by the chosen token verifier's schema.
  auth: Type.Optional(Type.Unknown({ description: 'How tokens are checked (docs/security.md).' })),
  metrics: Type.Object(
    {
      public: Type.Boolean({
        default: false,
        description:
          'GET /metrics without a token; false (the default): it needs the ACL dird.metrics.read when auth is on.',
      }),
    },
    { default: {} },
  ),
  load_timeout: Type.Number({ exclusiveMinimum: 0, default: 60, description: 'Seconds a plugin may take to load.' }),
  shutdown_timeout: Type.Number({
    exclusiveMinimum: 0,
    default: 10,
    description: 'Seconds to finish requests and unload at stop.',
  }),
});

/** The merged config after validation. */
export type MainConfig = Static<typeof MainConfigSchema>;
