import { spawn } from 'node:child_process';
import path from 'node:path';
import { bounded, ConfigError, describeError } from '@dird/core';
import type { CollectionTag, ScalarTag } from 'yaml';

/** Seconds an `!exec` command may run before the start is stopped (xivo-confgen answers in well under one). */
export const EXEC_TIMEOUT_SECONDS = 30;

/** The most standard output an `!exec` command may print (a generated config is kilobytes). */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The last bytes of standard error kept for the message. */
const STDERR_TAIL_BYTES = 2000;

/** An `!exec {command: ...}` found in a config file, replaced by the command's output before the merge. */
export class ExecRequest {
  constructor(readonly command: string) {}
}

/**
 * The `!exec` tag as xivo-lib-python reads it: a mapping whose `command` is run, its standard output read as
 * YAML and used in place of the mapping (XiVO's conf.d holds `!exec` / `command: xivo-confgen dird/services.yml`).
 * Parsing only records the command; {@link runExecCommand} runs it.
 */
export const execTags: (CollectionTag | ScalarTag)[] = [
  {
    tag: '!exec',
    collection: 'map',
    resolve(map, onError) {
      const command: unknown = (map as { get(key: string): unknown }).get('command');
      if (typeof command !== 'string' || command.trim() === '') {
        onError('!exec needs a mapping with `command: PROGRAM ARGUMENTS...` (text)');
        return map;
      }
      return new ExecRequest(command);
    },
  } as CollectionTag,
  {
    tag: '!exec',
    collection: 'seq',
    resolve(seq, onError) {
      onError('!exec needs a mapping with `command: PROGRAM ARGUMENTS...`, not a list');
      return seq;
    },
  } as CollectionTag,
  {
    tag: '!exec',
    resolve(text: string, onError: (message: string) => void) {
      onError('!exec needs a mapping with `command: PROGRAM ARGUMENTS...` on the lines after it');
      return text;
    },
  },
];

/**
 * Runs an `!exec` command as xivo-lib-python did: split on spaces, no shell (no quotes, pipes or variables;
 * a script does those), in the folder of the file that holds it, with dird's environment. Resolves with its
 * standard output. A command that cannot start, exits with an error, or runs past the deadline is a config
 * error naming the file, the key (when the tag is not the whole file), the command and the end of its
 * standard error; it is killed with its process group when it runs too long.
 */
export async function runExecCommand(
  request: ExecRequest,
  where: { file: string; key?: string },
  timeoutSeconds = EXEC_TIMEOUT_SECONDS,
): Promise<string> {
  const argv = request.command.trim().split(/\s+/);
  const fail = (why: string, stderr = '', cause?: unknown): never => {
    const tail = stderr.trim() ? `; its error output ends with:\n${stderr.trim()}` : '';
    throw new ConfigError(`!exec command \`${request.command}\` ${why}${tail}`, where, { cause });
  };
  let stdout: Buffer[] = [];
  let stdoutBytes = 0;
  let stderr = '';
  const child = spawn(argv[0], argv.slice(1), {
    cwd: path.dirname(where.file),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a timeout kills whatever it started too (a script's children).
    detached: true,
  });
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const finished = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_OUTPUT_BYTES) {
        stdout = [];
        killGroup();
      } else stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  let outcome: { code: number | null; signal: NodeJS.Signals | null };
  try {
    outcome = await bounded(finished, {
      ms: timeoutSeconds * 1000,
      what: `!exec command \`${request.command}\``,
      onAbandon: killGroup,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`cannot run: ${argv[0]} not found (ENOENT)`, '', err);
    if (code === 'EACCES') return fail(`cannot run: ${argv[0]} is not executable (EACCES)`, '', err);
    if (code === 'DIRD_ERR_TIMEOUT') return fail(`did not finish within ${timeoutSeconds} s: killed`, stderr, err);
    return fail(`cannot run: ${describeError(err)}`, stderr, err);
  }
  if (stdoutBytes > MAX_OUTPUT_BYTES) return fail(`printed more than ${MAX_OUTPUT_BYTES} bytes: killed`, stderr);
  if (outcome.code !== 0) {
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `failed (exit code ${outcome.code})`;
    return fail(how, stderr);
  }
  return Buffer.concat(stdout).toString('utf8');
}
