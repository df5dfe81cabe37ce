export { CsvConfigSchema, type CsvConfig } from './config.js';
export { CsvSourcePlugin } from './csv-source-plugin.js';
