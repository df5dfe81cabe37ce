import type { Bench } from '../bench.js';

export async function mysqlWorkloads(bench: Bench): Promise<void> {
  bench.skipped.push({ group: 'mysql', why: 'not in this tree' });
  process.stdout.write('  skipped: not in this tree\n');
}
