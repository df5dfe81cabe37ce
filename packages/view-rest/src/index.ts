export { DisplayColumnSchema, JsonViewsConfigSchema, type JsonViewsConfig } from './config.js';
export { DefaultJsonViewPlugin } from './default-json-view-plugin.js';
export { HEADERS_URL, HeadersViewPlugin } from './headers-view-plugin.js';
export { LOOKUP_URL, registerLookupRoute } from './lookup-route.js';
export { REVERSE_URL, registerReverseRoute } from './reverse-route.js';
export * from './schemas.js';
