/** What a soak run is asked to do (`npm run soak -- …`). */
export interface SoakOptions {
  /** Minutes of mixed load (the final line's `minutes`). */
  readonly minutes: number;
  /** About one minute, faults on a compressed schedule, figures per 10 s window instead of per minute. */
  readonly quick: boolean;
  /** Concurrent clients of the steady load, one user each. */
  readonly clients: number;
  /** Requests per second the clients send together (paced, not as fast as the daemon answers). */
  readonly rate: number;
  /** Milliseconds a client waits for an answer before it counts the request as failed. */
  readonly deadlineMs: number;
  /** Connections of the shutdown-under-load measure. */
  readonly shutdownConnections: number;
  /** Skip the build (the daemon's dist/ is known to be up to date). */
  readonly noBuild: boolean;
  readonly help: boolean;
}

/** The usage text of `npm run soak -- --help`. */
export const USAGE = `npm run soak -- [--minutes M] [--quick] [--clients N] [--rate R] [--no-build]

  --minutes M   minutes of mixed load with faults (default 10)
  --quick       about 1 minute, the faults on a compressed schedule (for development)
  --clients N   concurrent keep-alive clients, one user each (default 8)
  --rate R      requests per second of all clients together (default 200)
  --no-build    do not run the Nx build first (dist/ must be up to date)`;

/** Parses the command line; throws on an unknown or malformed argument. */
export function parseOptions(argv: readonly string[]): SoakOptions {
  let minutes: number | undefined;
  let quick = false;
  let clients = 8;
  let rate = 200;
  let noBuild = false;
  let help = false;
  const number = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < min) throw new Error(`${name} needs a number ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--minutes') minutes = number(arg, argv[++i], 0.5);
    else if (arg === '--quick') quick = true;
    else if (arg === '--clients') clients = Math.round(number(arg, argv[++i], 1));
    else if (arg === '--rate') rate = number(arg, argv[++i], 1);
    else if (arg === '--no-build') noBuild = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (quick && minutes !== undefined) throw new Error('--quick and --minutes exclude each other');
  return {
    minutes: quick ? 1 : (minutes ?? 10),
    quick,
    clients,
    rate,
    deadlineMs: 5000,
    shutdownConnections: 50,
    noBuild,
    help,
  };
}
