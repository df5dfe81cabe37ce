export { LdapConfigSchema, type LdapConfig } from './config.js';
export { LdapSourcePlugin } from './ldap-source-plugin.js';
export { escapeFilterValue, filterToString, type LdapFilter } from './filter.js';
export { FilterSyntaxError, parseFilterTemplate } from './filter-parser.js';
export { fillTemplate } from './filter-template.js';
