import { commonSourceProperties, PathString, Type, type Static } from '@dird/core';

/** The keys of a `type: mysql` source (docs/backends/mysql.md describes each one). */
export const MysqlConfigSchema = Type.Object({
  ...commonSourceProperties,
  mysql_uri: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'mysql://user:password@host:port/database (user and password percent-encoded). Or use host/port/user/password/database.',
    }),
  ),
  host: Type.Optional(Type.String({ minLength: 1, description: 'Server host name or address (without mysql_uri).' })),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'Server TCP port (default 3306).' })),
  user: Type.Optional(Type.String({ description: 'User name (without mysql_uri).' })),
  password: Type.Optional(Type.String({ description: 'Password (without mysql_uri).' })),
  database: Type.Optional(
    Type.String({ minLength: 1, description: 'Database holding the table (without mysql_uri).' }),
  ),
  ssl: Type.Boolean({ default: false, description: 'Use TLS (also turned on by ssl_ca, ssl_cert or ssl_key).' }),
  ssl_ca: Type.Optional(
    PathString({ minLength: 1, description: 'PEM file of the CA(s) that signed the server certificate.' }),
  ),
  ssl_cert: Type.Optional(
    PathString({ minLength: 1, description: 'PEM client certificate, for servers that require one.' }),
  ),
  ssl_key: Type.Optional(PathString({ minLength: 1, description: 'PEM private key of ssl_cert.' })),
  ssl_verify: Type.Boolean({
    default: true,
    description: 'Check the server certificate and its name; false accepts any certificate (encryption only).',
  }),
  table: Type.Optional(
    Type.String({ minLength: 1, description: 'The table or view to search (`name` or `database.name`).' }),
  ),
  query: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'A single read-only SELECT whose rows are the contacts (instead of table).',
    }),
  ),
  pool_size: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'Connections kept to the server.' }),
  connect_timeout: Type.Number({ exclusiveMinimum: 0, default: 2, description: 'Seconds to open one connection.' }),
  query_timeout: Type.Number({
    exclusiveMinimum: 0,
    default: 3,
    description: 'Seconds a query may run; the server is told to stop it then, and its connection is freed.',
  }),
  normalize_numbers: Type.Boolean({
    default: false,
    description:
      'Reverse lookup also compares first_matched_columns with everything but digits and "+" removed (a full scan).',
  }),
});

/** A validated `type: mysql` source block. */
export type MysqlConfig = Static<typeof MysqlConfigSchema>;
