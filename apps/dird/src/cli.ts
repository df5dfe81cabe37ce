import { parseArgs } from 'node:util';
import { LOG_FORMATS } from './log-format.js';

/** What the command line asked for. */
export type CliRequest =
  | { readonly action: 'help' }
  | { readonly action: 'version' }
  | {
      readonly action: 'run';
      readonly configFile?: string;
      readonly logLevel?: string;
      /** `auto` (pretty on a terminal, JSON lines otherwise), `json` or `pretty`. */
      readonly logFormat?: string;
      readonly debug: boolean;
      /** Options accepted for xivo-dird compatibility but ignored: a warning each, once logging is up. */
      readonly warnings: readonly string[];
    }
  | { readonly action: 'error'; readonly message: string };

export const USAGE = `Usage: dird [-c CONFIG_FILE] [-l LOG_LEVEL] [-d] [--log-format FORMAT]

The phone-directory daemon for IP-PBX systems (xivo-dird compatible).

Options:
  -c, --config-file PATH  main config file (default: the bundled demo config)
                          conf.d/ and sources.d/ beside it are read too, unless
                          extra_config_files / source_config_dir say otherwise
  -l, --log-level LEVEL   critical, error, warning, info, debug (or fatal, warn, trace)
  -d, --debug             same as --log-level debug
      --log-format FORMAT auto (default: readable lines on a terminal, JSON lines otherwise,
                          as under systemd or with log_filename), json or pretty
  -f, --foreground        accepted for xivo-dird compatibility (dird always runs in the foreground)
  -u, --user USER         accepted for xivo-dird compatibility and ignored, with a warning (dird does
                          not change user: start it as that user, e.g. User= in its systemd unit)
  -h, --help              show this help
  -V, --version           print the version

Signals: SIGTERM or SIGINT stop dird after in-flight requests finish.
         SIGHUP reopens log_filename and reloads the config: a good config is swapped in
         without failing a request (unchanged sources are kept); a bad one is refused, the
         log naming file and key, and the running config keeps serving.
Docs: docs/configuration.md, docs/operations.md`;

const LEVELS = new Set(['critical', 'error', 'warning', 'info', 'debug', 'fatal', 'warn', 'trace']);

/** Parses dird's command line. */
export function parseCommandLine(argv: readonly string[]): CliRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'config-file': { type: 'string', short: 'c' },
        'log-level': { type: 'string', short: 'l' },
        'log-format': { type: 'string' },
        debug: { type: 'boolean', short: 'd', default: false },
        foreground: { type: 'boolean', short: 'f', default: false },
        user: { type: 'string', short: 'u' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'V', default: false },
      },
    });
  } catch (err) {
    return { action: 'error', message: (err as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { action: 'help' };
  if (v.version) return { action: 'version' };
  const logLevel = v['log-level'];
  if (logLevel !== undefined && !LEVELS.has(logLevel)) {
    return { action: 'error', message: `--log-level ${logLevel}: must be one of ${[...LEVELS].join(', ')}` };
  }
  const logFormat = v['log-format'];
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    return { action: 'error', message: `--log-format ${logFormat}: must be one of ${LOG_FORMATS.join(', ')}` };
  }
  const warnings =
    v.user === undefined
      ? []
      : [`-u/--user ${v.user} ignored: dird does not change user; start it as ${v.user} (User= in a systemd unit)`];
  return {
    action: 'run',
    configFile: v['config-file'],
    logLevel,
    logFormat,
    debug: v.debug ?? false,
    warnings,
  };
}
