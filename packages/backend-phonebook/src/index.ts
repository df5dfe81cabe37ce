export {
  DEFAULT_MAX_ANSWER_BYTES,
  DEFAULT_PHONEBOOK_URL,
  DEFAULT_TIMEOUT,
  PhonebookConfigSchema,
  type PhonebookConfig,
} from './config.js';
export { PhonebookSourcePlugin } from './phonebook-source-plugin.js';
