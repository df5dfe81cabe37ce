/** How log lines are written: JSON lines (for journald, files, collectors) or lines for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/** What `--log-format` accepts: `auto` is pretty on a terminal, JSON lines otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** The format for `choice`: `auto` (the default) is pretty only when logs go to a terminal, not to a file. */
export function logFormatFor(choice: string | undefined, toFile: boolean, stdoutIsTty: boolean): LogFormat {
  if (choice === 'json' || choice === 'pretty') return choice;
  return !toFile && stdoutIsTty ? 'pretty' : 'json';
}

const LEVEL_COLOURS: Record<string, string> = {
  trace: '90',
  debug: '36',
  info: '32',
  warn: '33',
  error: '31',
  fatal: '41;97',
};

/** Fields every line has, shown in the line's head rather than after its message. */
const HEAD_FIELDS = new Set(['time', 'level', 'msg', 'name', 'pid', 'hostname', 'scope', 'err']);

/**
 * One JSON log line as a person reads it: `01:02:45.123 WARN  dird:backend:csv  message  key=value …`, and an
 * error's stack on the lines below. A line that is not JSON is written as it is.
 */
export function prettyLine(json: string, colours: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const paint = (code: string | undefined, text: string) => (colours && code ? `\x1b[${code}m${text}\x1b[0m` : text);
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const scope = typeof entry.scope === 'string' ? entry.scope : String(entry.name ?? 'dird');
  const fields = Object.entries(entry)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(
      ([key, value]) =>
        `${paint('2', `${key}=`)}${shortened(typeof value === 'string' ? quoted(value) : JSON.stringify(value))}`,
    );
  let line = `${paint('2', time)} ${paint(LEVEL_COLOURS[level], level.toUpperCase().padEnd(5))} ${paint('35', scope)}  ${String(entry.msg ?? '')}`;
  if (fields.length > 0) line += `  ${fields.join(' ')}`;
  const err = entry.err as { stack?: unknown; message?: unknown } | string | undefined;
  if (err !== undefined) {
    const text = typeof err === 'string' ? err : String(err.stack ?? err.message ?? JSON.stringify(err));
    line += `\n${text.replace(/^/gm, '    ')}`;
  }
  return `${line}\n`;
}

/** A field's value is cut beyond this on a terminal (the start-up report, say); JSON lines keep it whole. */
const LONGEST_FIELD = 160;

function shortened(text: string): string {
  return text.length <= LONGEST_FIELD ? text : `${text.slice(0, LONGEST_FIELD - 1)}…`;
}

/** A string field as it reads best: bare when it is one word, quoted (JSON) otherwise. */
function quoted(value: string): string {
  return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
}

/** A pino destination writing pretty lines to the terminal. */
export function prettyDestination(out: NodeJS.WriteStream = process.stdout): { write(line: string): boolean } {
  const colours = out.hasColors?.() ?? false;
  return { write: (line: string) => out.write(prettyLine(line, colours)) };
}
