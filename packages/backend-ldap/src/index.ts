export { LdapConfigSchema, type LdapConfig } from './config.js';
export { LdapSourcePlugin } from './ldap-source-plugin.js';
export { escapeFilterValue, filterToString, type LdapFilter } from './filter.js';
export { parseFilterTemplate, fillTemplate, FilterSyntaxError } from './filter-template.js';
