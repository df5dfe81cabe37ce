export { DefaultJsonViewPlugin } from './default-json-view-plugin.js';
export { HeadersViewPlugin } from './headers-view-plugin.js';
export { ProfileDisplays } from './profiles.js';
export * from './schemas.js';
