export { DefaultJsonViewPlugin } from './default-json-view-plugin.js';
export { HeadersViewPlugin } from './headers-view-plugin.js';
export { LOOKUP_URL, registerLookupRoute } from './lookup-route.js';
export { ProfileDisplays } from './profiles.js';
export { REVERSE_URL, registerReverseRoute } from './reverse-route.js';
export * from './schemas.js';
