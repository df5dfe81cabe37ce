export * from './configs.js';
export * from './daemon-process.js';
