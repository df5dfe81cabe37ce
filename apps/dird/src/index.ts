export { parseCommandLine, USAGE, type CliRequest } from './cli.js';
export { loadConfig, type CommandLineConfig, type LoadedConfig } from './config/load-config.js';
export { startDaemon, type RunningDaemon } from './daemon.js';
export { main, EXIT_CONFIG } from './main.js';
export { bundledConfigFile, version } from './paths.js';
