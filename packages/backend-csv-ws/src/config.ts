import { commonSourceProperties, PATH_KEYWORD, Type, type Static } from '@dird/core';

/** xivo-dird's default of `timeout`, in seconds. */
export const DEFAULT_TIMEOUT = 10;
/**
 * The default of `max_answer_bytes` (8 MiB): some 100,000 contacts, far more than a lookup needs, and read in
 * about 0.3 s (a larger answer costs proportionally more: docs/backends/csv_ws.md).
 */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The keys of a `type: csv_ws` source: xivo-dird's (reference §3.4), plus the bound on the answer's size. */
export const CsvWsConfigSchema = Type.Object({
  ...commonSourceProperties,
  lookup_url: Type.String({
    minLength: 1,
    description:
      'The http:// or https:// URL searched: `?<column>=<term>` is added for each searched (or, for a reverse lookup, first matched) column.',
  }),
  list_url: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'The URL answering every contact, for favorites (with unique_column); without it, none can be.',
    }),
  ),
  delimiter: Type.String({
    minLength: 1,
    maxLength: 1,
    default: ',',
    description: 'The field separator of the answered CSV (one character). Not `separator`, as in xivo-dird.',
  }),
  timeout: Type.Number({
    exclusiveMinimum: 0,
    default: DEFAULT_TIMEOUT,
    description: 'Seconds a request to the web service may take, answer included (a profile timeout may cut it).',
  }),
  verify_certificate: Type.Union([Type.Boolean(), Type.String({ minLength: 1 })], {
    default: true,
    // Marks the string form as a path, resolved against the folder of the config file that set it.
    [PATH_KEYWORD]: true,
    description:
      'For https:// URLs: check the certificate against the CAs built into Node.js (true), not at all (false), or against the CA(s) in this PEM file.',
  }),
  max_answer_bytes: Type.Integer({
    minimum: 1,
    default: DEFAULT_MAX_ANSWER_BYTES,
    description: 'The largest answer read, in bytes; a larger one makes the call fail instead of filling memory.',
  }),
});

/** A validated `type: csv_ws` source block. */
export type CsvWsConfig = Static<typeof CsvWsConfigSchema>;
