import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@dird/core/testkit';
import {
  contactEntries,
  startMariadb,
  startSlapd,
  startWazoAuth,
  type MariadbServer,
  type Slapd,
  type WazoAuthMock,
} from '@dird/test-servers';
import { generateContacts, writeContactsCsv } from '@dird/datagen';
import { startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import { DIRD_BIN } from '@dird/bench/src/servers/start.js';
import { csvGeneration, MARKER_NUMBERS, markerContact, SIZES } from './data.js';
import { daemonConfig } from './config.js';

/** One user of the load: a wazo-auth token and the user's uuid. */
export interface SoakUser {
  readonly index: number;
  readonly token: string;
  readonly uuid: string;
}

/** Everything a soak runs against, started by {@link startWorld}; `stop` ends it all. */
export interface World {
  readonly dir: string;
  readonly csvFile: string;
  readonly storeFile: string;
  readonly configFile: string;
  readonly port: number;
  readonly slapd: Slapd;
  readonly mariadb: MariadbServer;
  readonly auth: WazoAuthMock;
  readonly daemon: TestDaemon;
  readonly users: readonly SoakUser[];
  /** A user of its own for the recovery probes (its token's checks are not shared with the load's). */
  readonly probe: SoakUser;
  /** Generation of the CSV file now on disk. */
  csvGeneration: number;
  /** Whether the config now on disk has the extra profile of the SIGHUP fault. */
  extraProfile: boolean;
  /** Rewrites config.yml (with or without the extra profile). */
  writeConfig(extraProfile: boolean): Promise<void>;
  stop(): Promise<void>;
}

const MYSQL_TABLE = `CREATE TABLE soak.contacts (
  id VARCHAR(16) PRIMARY KEY, firstname VARCHAR(64), lastname VARCHAR(64), company VARCHAR(64),
  department VARCHAR(64), email VARCHAR(128), phone VARCHAR(32), mobile VARCHAR(32), city VARCHAR(64))`;

function user(index: number): SoakUser {
  return {
    index,
    token: `soak-${index}-${randomBytes(12).toString('hex')}`,
    uuid: `5a0c0000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  };
}

/**
 * Starts the servers (slapd, MariaDB, the wazo-auth mock) in temp folders on free loopback ports, writes the
 * CSV file, and starts the built daemon on them. Whatever started is stopped when a later step fails.
 */
export async function startWorld(clients: number, onStep: (what: string) => void): Promise<World> {
  const started: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-soak-'));
    started.push(() => rm(dir, { recursive: true, force: true }));
    const csvFile = path.join(dir, 'book.csv');
    await writeFile(csvFile, csvGeneration(1));

    onStep('slapd');
    const ldapMarker = markerContact('m', 'Ldap', MARKER_NUMBERS.ldap);
    const slapd = await startSlapd({
      entries: contactEntries([...generateContacts(SIZES.ldap, 12), ldapMarker], 'dc=example,dc=com'),
    });
    started.push(() => slapd.stop());

    onStep('MariaDB');
    const mariadb = await startMariadb({ databases: ['soak'], sql: MYSQL_TABLE });
    started.push(() => mariadb.stop());
    const rows = path.join(dir, 'mysql-rows.csv');
    await writeContactsCsv(rows, SIZES.mysql, 13);
    const loaded = await mariadb.loadCsv(rows, 'soak', 'contacts');
    if (loaded !== SIZES.mysql) throw new Error(`soak: loaded ${loaded} MySQL rows of ${SIZES.mysql}`);
    const m = markerContact('m', 'Mysql', MARKER_NUMBERS.mysql);
    await mariadb.sql(
      `INSERT INTO soak.contacts (id, firstname, lastname, company, department, email, phone, mobile, city) VALUES ` +
        `('${m.id}', '${m.firstname}', '${m.lastname}', '${m.company}', '${m.department}', '${m.email}', '${m.phone}', '', '${m.city}')`,
    );

    onStep('wazo-auth mock');
    const users = Array.from({ length: clients }, (_, i) => user(i + 1));
    const probe = user(0);
    const auth = await startWazoAuth({
      tokens: Object.fromEntries(
        [probe, ...users].map((u) => [u.token, { auth_id: u.uuid, xivo_user_uuid: u.uuid, acl: ['dird.#'] }]),
      ),
    });
    started.push(() => auth.close());

    const port = await freePort();
    const storeFile = path.join(dir, 'dird.sqlite');
    const configFile = path.join(dir, 'config.yml');
    const configOf = (extra: boolean) =>
      daemonConfig({ port, csvFile, storeFile, slapd, mariadb, auth: auth.authConfig(), extraProfile: extra });

    onStep('dird (built)');
    // The built daemon run by node with --trace-gc (not allowed in NODE_OPTIONS): the heap after each full
    // collection tells growth that is kept from room V8 keeps for later.
    const daemon = await startTestDaemon({
      command: { argv: [process.execPath, '--trace-gc', DIRD_BIN], cwd: dir },
      dir,
      config: configOf(false),
      args: ['-l', 'info'],
      startTimeoutMs: 60_000,
    });
    started.push(async () => void (await daemon.stop('SIGKILL')));
    const world: World = {
      dir,
      csvFile,
      storeFile,
      configFile,
      port,
      slapd,
      mariadb,
      auth,
      daemon,
      users,
      probe,
      csvGeneration: 1,
      extraProfile: false,
      async writeConfig(extra) {
        await writeFile(configFile, JSON.stringify(configOf(extra), null, 2));
        world.extraProfile = extra;
      },
      stop: stopAll,
    };
    return world;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
