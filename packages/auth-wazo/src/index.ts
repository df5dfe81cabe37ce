export { DEFAULT_CACHE_TTL, DEFAULT_TIMEOUT, WazoAuthConfigSchema, type WazoAuthConfig } from './config.js';
export { identityOf, type Identity } from './identity.js';
export { encodeSegment, TokenClient, type TokenAnswer, type TokenClientOptions } from './token-client.js';
export { TtlCache } from './ttl-cache.js';
export { WazoAuthPlugin } from './wazo-auth-plugin.js';
