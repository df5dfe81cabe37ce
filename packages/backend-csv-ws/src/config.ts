import { commonSourceProperties, maxAnswerBytesKey, Type, verifyCertificateKey, type Static } from '@dird/core';

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
  verify_certificate: verifyCertificateKey('URLs'),
  max_answer_bytes: maxAnswerBytesKey(DEFAULT_MAX_ANSWER_BYTES),
});

/** A validated `type: csv_ws` source block. */
export type CsvWsConfig = Static<typeof CsvWsConfigSchema>;
