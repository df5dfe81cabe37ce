import { commonSourceProperties, PathString, Type, type Static } from '@dird/core';

/** The keys of a `type: ldap` source (xivo-dird's, plus size limit, paging and TLS); docs/backends/ldap.md. */
export const LdapConfigSchema = Type.Object({
  ...commonSourceProperties,
  ldap_uri: Type.String({
    pattern: '^ldaps?://[^\\s/]+/?$',
    description: 'The server: ldap://host[:port] or ldaps://host[:port].',
  }),
  ldap_base_dn: Type.String({ minLength: 1, description: 'Where searches start (subtree); non-ASCII allowed.' }),
  ldap_username: Type.String({ default: '', description: 'Bind DN (or AD user@domain); empty for anonymous.' }),
  ldap_password: Type.String({ default: '', description: 'Bind password.' }),
  ldap_custom_filter: Type.Optional(
    Type.String({ description: 'RFC 4515 filter ANDed with the generated one; %Q stands for the term.' }),
  ),
  ldap_network_timeout: Type.Number({
    exclusiveMinimum: 0,
    default: 0.3,
    description: 'Seconds to connect and bind.',
  }),
  ldap_timeout: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'Seconds for one search.' }),
  unique_column_format: Type.Union([Type.Literal('string'), Type.Literal('binary_uuid')], {
    default: 'string',
    description: 'binary_uuid: the unique column holds 16 raw bytes (Active Directory objectGUID).',
  }),
  ldap_size_limit: Type.Integer({
    minimum: 0,
    default: 0,
    description: 'At most this many entries per search (0: no limit of ours; the server may have one).',
  }),
  ldap_page_size: Type.Integer({
    minimum: 0,
    default: 0,
    description: 'Fetch results in pages of this size (RFC 2696), past the server size limit; 0: no paging.',
  }),
  ldap_max_concurrent_searches: Type.Integer({
    minimum: 1,
    default: 50,
    description: 'Searches in flight at once on the connection; more wait their turn within their deadline.',
  }),
  ldap_tls_ca_file: Type.Optional(
    PathString({ minLength: 1, description: 'PEM file of the CA(s) that signed the ldaps:// server certificate.' }),
  ),
  ldap_tls_verify: Type.Boolean({
    default: true,
    description: 'Check the ldaps:// server certificate and name; false accepts any (tests, self-signed labs).',
  }),
});

/** A validated `type: ldap` source block. */
export type LdapConfig = Static<typeof LdapConfigSchema>;
