export {
  CONFD_DEFAULTS,
  ConfdConfigSchema,
  DEFAULT_MAX_ANSWER_BYTES,
  XivoConfigSchema,
  type XivoConfig,
} from './config.js';
export { XivoSourcePlugin } from './xivo-source-plugin.js';
