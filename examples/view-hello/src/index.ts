export { HelloConfigSchema, type HelloConfig } from './config.js';
export { HELLO_URL, HelloViewPlugin } from './hello-view-plugin.js';
