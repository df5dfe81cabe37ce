export * from './configs.js';
export * from './daemon-process.js';
export * from './requests.js';
