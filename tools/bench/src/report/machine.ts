import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { pinningActive } from '../servers/pinning.js';

const require = createRequire(import.meta.url);

/** What the numbers were measured on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly autocannon: string;
  readonly pinning: string;
  readonly date: string;
}

/** The CPU model, cores, memory, OS, Node and autocannon versions of this machine, and today's date. */
export async function describeMachine(): Promise<Machine> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const { version } = require('autocannon/package.json') as { version: string };
  return {
    cpu: model.trim(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    autocannon: version,
    pinning: pinningActive ? 'server on core 0, load on core 1 (taskset)' : 'none (no taskset or a single core)',
    date: new Date().toISOString().slice(0, 10),
  };
}

async function cpuTimes(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0];
  const ticks = line.split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  // idle and iowait are the 4th and 5th numbers.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/** Share of all cores busy over `ms` (0–1): taken while nothing of the benchmark runs, it is other load. */
export async function machineBusy(ms = 1000): Promise<number> {
  const a = await cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = await cpuTimes();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}
