import type { Bench } from '../bench.js';

export async function ldapWorkloads(bench: Bench): Promise<void> {
  bench.skipped.push({ group: 'ldap', why: 'not in this tree' });
  process.stdout.write('  skipped: not in this tree\n');
}
