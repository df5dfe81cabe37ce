import { parseArgs } from 'node:util';
import type { BenchOptions } from './bench.js';

/** The workload groups, in the order they run. */
export const GROUPS = [
  'csv-100k',
  'csv-1M',
  'load-1M',
  'profiles',
  'ldap',
  'mysql',
  'auth',
  'phone',
  'user-data',
] as const;

export const USAGE = `Usage: npm run bench -- [options]

  --quick             a smoke run: 1 s warm-up, 3 s per load (numbers not for comparing)
  --duration S        seconds measured per load (default 20)
  --warmup S          seconds of warm-up per load, thrown away (default 3)
  --connections N     concurrent connections (default 50)
  --only G1,G2        run only these groups: ${GROUPS.join(', ')} (the ceiling always runs)
  --no-write          print the results only; leave docs/benchmarks.md alone
  --skip-build        run dist/ as it is, without nx run-many -t build
  --cpu-prof          write a V8 CPU profile of each daemon (the folder is printed)
  -h, --help          this help`;

/** Parses the command line; `null` means help was asked for. */
export function parseOptions(argv: readonly string[]): (BenchOptions & { build: boolean }) | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '50' },
      only: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const only = values.only ? new Set(values.only.split(',').map((g) => g.trim())) : null;
  for (const g of only ?? []) {
    if (!(GROUPS as readonly string[]).includes(g))
      throw new Error(`--only: unknown group ${g} (${GROUPS.join(', ')})`);
  }
  const number = (text: string | undefined, fallback: number, name: string) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
    return n;
  };
  return {
    quick: values.quick,
    durationS: number(values.duration, values.quick ? 3 : 20, 'duration'),
    warmupS: number(values.warmup, values.quick ? 1 : 3, 'warmup'),
    connections: number(values.connections, 50, 'connections'),
    only,
    // A partial or quick run never overwrites the page.
    write: !values['no-write'] && only === null && !values.quick,
    cpuProfile: values['cpu-prof'],
    build: !values['skip-build'],
  };
}
