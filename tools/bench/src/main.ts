// `npm run bench`: dird's benchmark. See docs/benchmarks.md (and `npm run bench -- --help`).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Bench } from './bench.js';
import { buildDaemon, REPO_ROOT } from './build.js';
import { describeMachine, machineBusy } from './report/machine.js';
import { resultsSection } from './report/render.js';
import { writeResults } from './report/docs-page.js';
import { parseOptions, USAGE } from './options.js';
import { csvDirectoryWorkloads, csvLoadCost, type SizeSpec } from './workloads/csv-directory.js';
import { authWorkloads } from './workloads/auth.js';
import { csvProfileWorkloads } from './workloads/csv-profiles.js';
import { ldapWorkloads } from './workloads/ldap.js';
import { mysqlWorkloads } from './workloads/mysql.js';
import { phoneWorkloads } from './workloads/phone.js';
import { userDataWorkloads } from './workloads/user-data.js';

const SIZE_100K: SizeSpec = { label: '100k', count: 100_000, seed: 1, floor: true };
const SIZE_1M: SizeSpec = { label: '1M', count: 1_000_000, seed: 2, shortTerms: true };

const options = parseOptions(process.argv.slice(2));
if (!options) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const machine = await describeMachine();
process.stdout.write(`dird benchmark on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}\n`);
if (options.build) buildDaemon();

const bench = new Bench(options);
const groups: [string, () => Promise<void>][] = [
  ['csv-100k', () => csvDirectoryWorkloads(bench, SIZE_100K)],
  ['load-1M', () => csvLoadCost(bench, SIZE_1M)],
  ['csv-1M', () => csvDirectoryWorkloads(bench, SIZE_1M)],
  ['profiles', () => csvProfileWorkloads(bench)],
  ['ldap', () => ldapWorkloads(bench)],
  ['mysql', () => mysqlWorkloads(bench)],
  ['auth', () => authWorkloads(bench)],
  ['phone', () => phoneWorkloads(bench)],
  ['user-data', () => userDataWorkloads(bench)],
];
let failed = false;
const started = performance.now();
/** Other processes' load, sampled between workloads: a busy machine makes every figure lower and noisier. */
const sampleBusy = async () => {
  const busy = await machineBusy();
  bench.facts.set('busy-max', Math.max(bench.facts.get('busy-max') ?? 0, busy));
  if (busy > 0.1) process.stdout.write(`  warning: other processes keep ${Math.round(busy * 100)}% of the CPUs busy\n`);
};
await bench.startCeiling();
try {
  for (const [group, run] of groups) {
    if (!bench.wants(group)) continue;
    await sampleBusy();
    process.stdout.write(`${group}:\n`);
    try {
      await run();
    } catch (err) {
      failed = true;
      bench.skipped.push({ group, why: `failed: ${(err as Error).message.split('\n')[0]}` });
      process.stderr.write(`${group} failed: ${(err as Error).stack ?? String(err)}\n`);
    }
  }
} finally {
  await bench.stopCeiling();
}

const section = resultsSection(bench, machine);
process.stdout.write(`\n${section}\n\nwhole run: ${Math.round((performance.now() - started) / 1000)} s\n`);
if (options.write && !failed) {
  await writeResults(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), section);
  process.stdout.write('docs/benchmarks.md updated\n');
}
if (options.cpuProfile) process.stdout.write(`CPU profiles (*.cpuprofile) kept in ${bench.runFolder}\n`);
else if (bench.runFolder) await rm(bench.runFolder, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
