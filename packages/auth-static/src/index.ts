export { StaticAuthConfigSchema, StaticTokenSchema, type StaticAuthConfig, type StaticToken } from './config.js';
export { StaticAuthPlugin } from './static-auth-plugin.js';
export { readTokensFile } from './tokens-file.js';
