import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** A log line of the daemon (pino JSON), or `{ msg }` for a line that is not JSON. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

/** Options of {@link startTestDaemon} and {@link runDaemon}. */
export interface DaemonOptions {
  /** The main config: an object (written as YAML) or YAML text. `rest_api.port` defaults to 0 (any free port). */
  readonly config: Record<string, unknown> | string;
  /** Extra files to write in the temp folder first, by relative path (CSV files, conf.d/…, sources.d/…). */
  readonly files?: Readonly<Record<string, string>>;
  /** Where to write the main config inside the temp folder (default `config.yml`). */
  readonly configPath?: string;
  /** Extra command-line arguments. */
  readonly args?: readonly string[];
  /** In the workspace, run the built daemon (`bin/dird.js`) instead of the sources through tsx. */
  readonly built?: boolean;
  /** Run this `dird` executable (a JavaScript file run with node), e.g. one installed from a tarball. */
  readonly bin?: string;
  /**
   * Run this command instead of node (e.g. `['npx', '--no-install', 'dird']`), in `cwd`; `-c CONFIG` and
   * `args` follow it. Signals go to the daemon's own pid, read from its log.
   */
  readonly command?: { readonly argv: readonly string[]; readonly cwd: string };
  /** Milliseconds to wait for "dird listening on" (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Use this folder instead of a new temp folder (it is not removed). */
  readonly dir?: string;
}

/** Spawns the daemon on `configFile`, as {@link DaemonOptions} say. */
function spawnDaemon(options: DaemonOptions, dir: string, configFile: string): ChildProcess {
  const extra = ['-c', configFile, ...(options.args ?? [])];
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  if (options.command) {
    const [file, ...argv] = options.command.argv;
    return spawn(file, [...argv, ...extra], { cwd: options.command.cwd, stdio });
  }
  return spawn(process.execPath, [...daemonCommand(options), ...extra], { cwd: dir, stdio });
}

/** This package's folder (the test kit is part of `@dird/dird`). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True when this module runs from the TypeScript sources (the workspace), not from the published build. */
const fromSource = import.meta.url.endsWith('.ts');

/**
 * The daemon's command: the given bin; in the workspace, tsx on the sources (no build needed) unless `built`;
 * installed from npm, the package's own bin.
 */
function daemonCommand(options: DaemonOptions): string[] {
  if (options.bin) return [options.bin];
  if (options.built || !fromSource) return [path.join(root, 'bin', 'dird.js')];
  // tsx is a development dependency of the workspace: resolved only there.
  return ['--import', require.resolve('tsx'), '--conditions=@dird/source', path.join(root, 'src', 'bin.ts')];
}

async function prepare(options: DaemonOptions): Promise<{ dir: string; configFile: string; owned: boolean }> {
  const owned = !options.dir;
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'dird-test-')));
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  const configFile = path.join(dir, options.configPath ?? 'config.yml');
  await mkdir(path.dirname(configFile), { recursive: true });
  let text: string;
  if (typeof options.config === 'string') {
    text = options.config;
  } else {
    const restApi = { listen: '127.0.0.1', port: 0, ...((options.config.rest_api as object | undefined) ?? {}) };
    // JSON is YAML: no YAML library needed here.
    text = JSON.stringify({ ...options.config, rest_api: restApi }, null, 2);
  }
  await writeFile(configFile, text);
  return { dir, configFile, owned };
}

/** Collects a child's output as lines, parsing JSON log lines. */
class Output {
  readonly lines: LogLine[] = [];
  text = '';
  private exited = false;
  private readonly waiters = new Set<() => void>();

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.text += chunk;
        partial += chunk;
        const parts = partial.split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) if (line.trim()) this.lines.push(parseLine(line));
        this.notify();
      });
    }
    child.on('close', () => {
      this.exited = true;
      this.notify();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the first line matching; rejects after `timeoutMs` or when the process has exited. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const finish = (fn: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        fn();
      };
      const check = () => {
        const found = this.lines.find(match);
        if (found) finish(() => resolve(found));
        else if (this.exited) finish(() => reject(new Error(`the daemon exited; its output:\n${this.text}`)));
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new Error(`no matching log line within ${timeoutMs} ms; output so far:\n${this.text}`))),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }
}

function parseLine(line: string): LogLine {
  try {
    const parsed = JSON.parse(line) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as LogLine;
  } catch {
    // not a JSON log line: keep the text
  }
  return { msg: line };
}

/** A daemon started by {@link startTestDaemon}. */
export interface TestDaemon {
  /** `http://127.0.0.1:PORT` (`https://` when the config sets a certificate). */
  readonly url: string;
  /** The daemon process (not the launcher in front of it, with `command`). */
  readonly pid: number;
  /** The temp folder holding config.yml and the files given. */
  readonly dir: string;
  /** Every log line so far. */
  readonly logs: readonly LogLine[];
  /** GET `path` (with `headers`, an `X-Auth-Token` say) and parse the JSON answer. */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** Waits for a log line. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends `signal` (SIGTERM by default), waits for the exit, removes the temp folder; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real daemon process on a config in a temp folder and waits until it listens. */
export async function startTestDaemon(options: DaemonOptions): Promise<TestDaemon> {
  const { dir, configFile, owned } = await prepare(options);
  const child = spawnDaemon(options, dir, configFile);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const output = new Output(child);
  let listening: LogLine;
  try {
    listening = await output.waitFor(
      (l) => typeof l.msg === 'string' && l.msg.startsWith('dird listening on'),
      options.startTimeoutMs ?? 30_000,
    );
  } catch (err) {
    child.kill('SIGKILL');
    if (owned) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const url = String(listening.url);
  // Under a launcher (npx), the daemon is a child of the launcher, which does not pass signals on: the
  // daemon's own pid is in its log lines.
  const pid = options.command && typeof listening.pid === 'number' ? listening.pid : child.pid!;
  const signalDaemon = (signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    url,
    pid,
    dir,
    logs: output.lines,
    async get(pathAndQuery, headers) {
      const res = await fetch(url + pathAndQuery, { headers, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body, headers: res.headers };
    },
    waitForLog: (match, timeoutMs = 10_000) => output.waitFor(match, timeoutMs),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) signalDaemon(signal);
      const timer = setTimeout(() => {
        signalDaemon('SIGKILL');
        child.kill('SIGKILL');
      }, 15_000);
      const code = await exited;
      clearTimeout(timer);
      if (owned) await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the daemon until it exits by itself (config mistakes), with a deadline; returns its exit code and output. */
export async function runDaemon(
  options: DaemonOptions & { timeoutMs?: number },
): Promise<{ code: number | null; output: string; logs: LogLine[] }> {
  const { dir, configFile, owned } = await prepare(options);
  const child = spawnDaemon(options, dir, configFile);
  const output = new Output(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  if (owned) await rm(dir, { recursive: true, force: true });
  return { code, output: output.text, logs: output.lines };
}

/** True when the daemon has been built (for tests that want the built bin). */
export function daemonBuilt(): boolean {
  return existsSync(path.join(root, 'dist', 'bin.js'));
}
