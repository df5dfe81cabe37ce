import { commonSourceProperties, maxAnswerBytesKey, Type, verifyCertificateKey, type Static } from '@dird/core';

/** xivo-dird's default `phonebook_url`: the web interface's JSON service on the XiVO itself. */
export const DEFAULT_PHONEBOOK_URL = 'http://localhost/service/ipbx/json.php/private/pbx_services/phonebook';
/** xivo-dird's default `phonebook_timeout`, in seconds. */
export const DEFAULT_TIMEOUT = 1;
/** The default of `max_answer_bytes` (8 MiB): a search answers the contacts that match, a few kB each at most. */
export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The keys of a `type: phonebook` source: xivo-dird's (reference §3.4), plus the certificate check and a bound. */
export const PhonebookConfigSchema = Type.Object({
  ...commonSourceProperties,
  // Required, as xivo-dird required it: the results hold only these columns.
  format_columns: Type.Record(Type.String(), Type.String(), {
    minProperties: 1,
    description:
      'The columns of a result, each a template over dotted paths into the answer: "{phonebook.firstname} {phonebook.lastname}", "{phonebooknumber.office.number}".',
  }),
  phonebook_url: Type.String({
    minLength: 1,
    default: DEFAULT_PHONEBOOK_URL,
    description:
      'The http:// or https:// URL of the web interface’s phonebook search (`?act=search&search=<term>` is added).',
  }),
  phonebook_username: Type.Optional(
    Type.String({ description: 'HTTP Basic user name, sent only when phonebook_password is given too.' }),
  ),
  phonebook_password: Type.Optional(Type.String({ description: 'HTTP Basic password.' })),
  phonebook_timeout: Type.Number({
    exclusiveMinimum: 0,
    default: DEFAULT_TIMEOUT,
    description: 'Seconds a search may take, answer included (a profile timeout may cut it).',
  }),
  verify_certificate: verifyCertificateKey('URLs'),
  max_answer_bytes: maxAnswerBytesKey(DEFAULT_MAX_ANSWER_BYTES),
});

/** A validated `type: phonebook` source block. */
export type PhonebookConfig = Static<typeof PhonebookConfigSchema>;
