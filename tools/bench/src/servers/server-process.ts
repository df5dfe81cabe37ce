import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinned, SERVER_CORE } from './pinning.js';

/** Memory of a process from /proc (bytes): now, and the peak since it started. */
export interface Memory {
  readonly rss: number;
  readonly peakRss: number;
}

/** A measured server process started by {@link startServer}. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects at the deadline or when it exits. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  memory(): Promise<Memory>;
  /** SIGTERM, then SIGKILL if it is still there after 30 s. */
  stop(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** For messages. */
  readonly name: string;
  /** Arguments of `node` (flags, script, script arguments). */
  readonly nodeArgs: readonly string[];
  readonly port: number;
  /** A GET path that answers 200 once the server is ready. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
  readonly cwd?: string;
}

/** Reads VmRSS and VmHWM of `pid` (Linux); zeros elsewhere. */
export async function processMemory(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}

/** CPU time (user + system, milliseconds) `pid` has used since it started (Linux); 0 elsewhere. */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS || 0;
}

/** Linux's USER_HZ: /proc times are in hundredths of a second on every architecture Node supports. */
const CLOCK_TICKS = 100;

/** Starts `node nodeArgs` pinned to the server core and waits until `readyPath` answers 200. */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const [command, args] = pinned(SERVER_CORE, process.execPath, options.nodeArgs);
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('close', () => {
      exited = true;
      resolve();
    }),
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      // Keep the start (load lines) and the last part (errors); drop the middle of a chatty run.
      text = text.length > 1 << 20 ? text.slice(0, 1 << 19) + text.slice(-(1 << 18)) + chunk : text + chunk;
    });
  }
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready; its output:\n${text}`);
    const status = await fetch(url + options.readyPath, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.arrayBuffer().then(() => r.status),
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} not ready on ${url} after ${options.readyTimeoutMs} ms; output:\n${text}`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    output: () => text,
    async waitForOutput(pattern, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (exited || Date.now() > end) throw new Error(`${options.name}: no ${pattern} in its output:\n${text}`);
        await sleep(50);
      }
    },
    memory: () => processMemory(child.pid!),
    stop,
  };
}
