import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@dird/core/testkit';
import { selfSignedCertificate } from './certificate.js';
import { ensureDebianPackages, findBinary } from './debian.js';
import { alive, readPid, stopPid, waitUntil } from './process.js';

/** Options of {@link startMariadb}. */
export interface MariadbOptions {
  /** Databases to create (utf8mb4), on which the application user gets SELECT. */
  readonly databases?: readonly string[];
  /** SQL run as root once the server is up (statements separated by `;`), e.g. tables and rows. */
  readonly sql?: string;
  /** Also accept TLS, with a self-signed certificate for 127.0.0.1 (plain connections still work). */
  readonly tls?: boolean;
}

/** A throw-away MariaDB server started by {@link startMariadb}. */
export interface MariadbServer {
  readonly host: string;
  readonly port: number;
  /** A non-root application user with SELECT on the databases (what dird should use). */
  readonly user: string;
  /** Its password: it holds URI-special characters on purpose, so URIs must be percent-encoded. */
  readonly password: string;
  /** The server's Unix socket (root logs in through it without a password). */
  readonly socket: string;
  /** The temp folder holding the data, the socket, the pid file and the logs. */
  readonly dir: string;
  /** With `tls`: the server's self-signed certificate (PEM), which is also its own CA. */
  readonly tlsCa?: string;
  /** `mysql://user:password@127.0.0.1:port/database` for the application user, percent-encoded. */
  uri(database?: string): string;
  /** Runs SQL as root; returns the rows of the last statement as strings (NULL as null). */
  sql(text: string, database?: string): Promise<(string | null)[][]>;
  /**
   * Loads a CSV file (header line, `"`-quoted fields, the format of `@dird/datagen`'s `writeContactsCsv`)
   * into an existing table with LOAD DATA: the fast way to fill 100,000 rows. Returns the row count loaded.
   */
  loadCsv(file: string, database: string, table: string, columns?: readonly string[]): Promise<number>;
  /** Stops the server and starts it again on the same port and data (a server restart). */
  restart(): Promise<void>;
  /** Stops the server (only the server; {@link MariadbServer.start} brings it back). */
  halt(): Promise<void>;
  /** Starts a halted server again. */
  start(): Promise<void>;
  /** Stops the server by its own pid and removes the temp folder. */
  stop(): Promise<void>;
}

const USER = 'dird';
const PASSWORD = 'dird p@ss:/%';

/** Every server started by this process, stopped if the process exits without calling `stop`. */
const running = new Set<string>();
process.once('exit', () => {
  for (const pidFile of running) killFromPidFileSync(pidFile);
});

/**
 * Starts a throw-away MariaDB server in a temp folder on a free loopback port (`--no-defaults`, so the
 * machine's own /etc/mysql config and server are left alone), installing the Debian packages when missing.
 */
export async function startMariadb(options: MariadbOptions = {}): Promise<MariadbServer> {
  ensureDebianPackages({
    mariadbd: 'mariadb-server',
    'mariadb-install-db': 'mariadb-server',
    mariadb: 'mariadb-client',
    'mariadb-admin': 'mariadb-client',
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-mariadb-'));
  const files = {
    data: path.join(dir, 'data'),
    socket: path.join(dir, 'mysqld.sock'),
    pid: path.join(dir, 'mysqld.pid'),
    log: path.join(dir, 'error.log'),
  };
  try {
    await run(binary('mariadb-install-db'), [
      '--no-defaults',
      `--datadir=${files.data}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const tls = options.tls ? await selfSignedCertificate(dir) : undefined;
  const sql = (text: string, database?: string) =>
    run(binary('mariadb'), [
      '--no-defaults',
      `--socket=${files.socket}`,
      '-uroot',
      '--batch',
      '--skip-column-names',
      ...(database ? [`--database=${database}`] : []),
      '-e',
      text,
    ]).then(parseBatch);

  const start = async () => {
    const out = openSync(path.join(dir, 'mariadbd.out'), 'a');
    // Output goes to a file, not a pipe: a pipe would tie the server's life to this process's reads.
    const child = spawn(
      binary('mariadbd'),
      [
        '--no-defaults',
        `--datadir=${files.data}`,
        `--socket=${files.socket}`,
        `--pid-file=${files.pid}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        '--skip-name-resolve',
        `--log-error=${files.log}`,
        '--skip-log-bin',
        // Debian's packaged defaults, so tables without an explicit charset behave as on a real install.
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_general_ci',
        '--innodb-buffer-pool-size=128M',
        '--innodb-flush-log-at-trx-commit=0',
        ...(tls ? [`--ssl-cert=${tls.cert}`, `--ssl-key=${tls.key}`] : []),
      ],
      { detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    child.unref();
    running.add(files.pid);
    let exited = false;
    child.once('exit', () => (exited = true));
    await waitUntil(
      async () => {
        if (exited) throw new Error(`mariadbd exited at start; see ${files.log}:\n${await tail(files.log)}`);
        return ping(files.socket);
      },
      30_000,
      `mariadbd on port ${port}`,
    );
  };
  const halt = async () => {
    await stopPid(await readPid(files.pid), 10_000);
    running.delete(files.pid);
  };

  await start();
  const databases = options.databases ?? [];
  await sql(
    [
      `CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`,
      ...databases.flatMap((db) => [
        `CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`,
        `GRANT SELECT, SHOW VIEW ON \`${db}\`.* TO '${USER}'@'%'`,
      ]),
    ].join(';\n'),
  );
  if (options.sql) await sql(options.sql);

  return {
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    socket: files.socket,
    dir,
    tlsCa: tls?.cert,
    uri: (database = '') =>
      `mysql://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    sql,
    async loadCsv(file, database, table, columns) {
      const header = (await readFile(file, 'utf8')).slice(0, 4096).split('\n', 1)[0];
      const names = columns ?? header.split(',');
      const statement =
        `LOAD DATA LOCAL INFILE '${file.replace(/[\\']/g, '\\$&')}' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 ` +
        `FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY '' LINES TERMINATED BY '\\n' IGNORE 1 LINES ` +
        `(${names.map((c) => `\`${c}\``).join(', ')}); SELECT ROW_COUNT()`;
      const out = await run(binary('mariadb'), [
        '--no-defaults',
        `--socket=${files.socket}`,
        '-uroot',
        '--local-infile=1',
        '--batch',
        '--skip-column-names',
        `--database=${database}`,
        '-e',
        statement,
      ]);
      return Number(out.trim());
    },
    async restart() {
      await halt();
      await start();
    },
    halt,
    start,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function binary(name: string): string {
  const found = findBinary(name);
  if (!found) throw new Error(`${name} is not installed`);
  return found;
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} failed: ${stderr || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });
}

async function ping(socket: string): Promise<boolean> {
  return run(binary('mariadb-admin'), ['--no-defaults', `--socket=${socket}`, '-uroot', '--connect-timeout=1', 'ping'])
    .then(() => true)
    .catch(() => false);
}

/** The `mariadb --batch` output: tab-separated, with `\t`, `\n`, `\\` and `\0` escaped, NULL for null. */
function parseBatch(out: string): (string | null)[][] {
  const unescape = (v: string) =>
    v.replace(/\\([tn0\\])/g, (_, c: string) => ({ t: '\t', n: '\n', '0': '\0', '\\': '\\' })[c]!);
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t').map((v) => (v === 'NULL' ? null : unescape(v))));
}

async function tail(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-15).join('\n');
}

function killFromPidFileSync(pidFile: string): void {
  try {
    // Synchronous: this runs in an 'exit' handler, where nothing asynchronous completes.
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file: the server never started or is already stopped
  }
}
