import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@dird/core/testkit';
import { selfSignedCertificate } from './certificate.js';
import { ensureDebianPackages, findBinary } from './debian.js';
import { suffixEntry, toLdif, type LdifEntry } from './ldif.js';
import { alive, readPid, stopPid, waitUntil } from './process.js';

const run = promisify(execFile);
const bin = (name: string) => findBinary(name) ?? name;

/**
 * Schema lines for an Active Directory-like `objectGUID` (16 raw bytes, octet-string equality) and an
 * auxiliary class `dirdGuidObject` that lets any entry carry it: what `unique_column_format: binary_uuid`
 * is tested against. The attribute keeps AD's OID; the class is under OpenLDAP's experimental arc.
 */
export const OBJECT_GUID_SCHEMA = [
  "attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch",
  '  SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )',
  "objectclass ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'dirdGuidObject' AUXILIARY MAY objectGUID )",
].join('\n');

/** Options of {@link startSlapd}. */
export interface SlapdOptions {
  /** The database suffix (default `dc=example,dc=com`); its entry is created. */
  readonly suffix?: string;
  /** The root DN's password (default `secret`). */
  readonly rootPassword?: string;
  /** Entries loaded with slapadd before the server starts (fast, even for 10,000 entries). */
  readonly entries?: Iterable<LdifEntry>;
  /** Also listen on `ldaps://` with a self-signed certificate for 127.0.0.1. */
  readonly tls?: boolean;
  /** slapd's `sizelimit` line (default 500, slapd's own), e.g. `size.soft=100 size.hard=100 size.prtotal=unlimited`. */
  readonly sizeLimit?: string;
  /** Extra schema directives (e.g. {@link OBJECT_GUID_SCHEMA}). */
  readonly schema?: string;
}

/** A throw-away OpenLDAP server started by {@link startSlapd}. */
export interface Slapd {
  /** `ldap://127.0.0.1:PORT`. */
  readonly uri: string;
  readonly port: number;
  /** `ldaps://127.0.0.1:PORT` when started with `tls`. */
  readonly ldapsUri?: string;
  /** The self-signed certificate (PEM file) the ldaps listener presents, when started with `tls`. */
  readonly caFile?: string;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  /** The temp folder holding the config, the database and the pidfile. */
  readonly dir: string;
  /** The running slapd's pid (changes on restart). */
  readonly pid: () => number | undefined;
  /** Adds entries over LDAP (ldapadd, as the root DN). */
  add(entries: Iterable<LdifEntry>): Promise<void>;
  /** Stops the server (its data stays) and starts it again on the same port(s). */
  restart(): Promise<void>;
  /** Stops the server (data kept): for "server down" tests; `start` brings it back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP), returning once every thread is stopped: a server that hangs. */
  freeze(): Promise<void>;
  /** Lets a frozen server run again (SIGCONT). */
  thaw(): void;
  /** Stops the server and removes its temp folder. */
  stop(): Promise<void>;
}

function slapdConf(dir: string, o: Required<Omit<SlapdOptions, 'entries' | 'tls'>>, tls: boolean): string {
  const lines = [
    ...['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`),
    o.schema,
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `sizelimit ${o.sizeLimit}`,
    ...(tls ? [`TLSCertificateFile ${dir}/cert.pem`, `TLSCertificateKeyFile ${dir}/key.pem`] : []),
    'database mdb',
    'maxsize 1073741824',
    `suffix "${o.suffix}"`,
    `rootdn "cn=admin,${o.suffix}"`,
    `rootpw ${o.rootPassword}`,
    `directory ${dir}/data`,
    'dbnosync',
  ];
  return lines.filter(Boolean).join('\n') + '\n';
}

/**
 * Starts OpenLDAP's slapd from a throw-away config in a temp folder on free loopback port(s), seeded with
 * `entries`; stop it with `stop()` (by its own pid). Installs the Debian packages first when missing.
 */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  ensureDebianPackages({
    slapd: 'slapd',
    slapadd: 'slapd',
    slappasswd: 'slapd',
    ldapadd: 'ldap-utils',
    ldapsearch: 'ldap-utils',
  });
  const suffix = options.suffix ?? 'dc=example,dc=com';
  const rootPassword = options.rootPassword ?? 'secret';
  const rootDn = `cn=admin,${suffix}`;
  const tls = options.tls ?? false;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-slapd-'));
  const conf = path.join(dir, 'slapd.conf');
  const pidFile = path.join(dir, 'slapd.pid');
  let pid: number | undefined;
  try {
    await mkdir(path.join(dir, 'data'));
    const { stdout: hash } = await run(bin('slappasswd'), ['-s', rootPassword]);
    const settings = {
      suffix,
      rootPassword: hash.trim(),
      sizeLimit: options.sizeLimit ?? '500',
      schema: options.schema ?? '',
    };
    await writeFile(conf, slapdConf(dir, settings, tls));
    if (tls) await selfSignedCertificate(dir);
    await writeFile(path.join(dir, 'seed.ldif'), toLdif([suffixEntry(suffix), ...(options.entries ?? [])]));
    await run(bin('slapadd'), ['-q', '-f', conf, '-l', path.join(dir, 'seed.ldif')]);
    const port = await freePort();
    const tlsPort = tls ? await freePort() : undefined;
    const uri = `ldap://127.0.0.1:${port}`;
    const ldapsUri = tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined;
    const listen = [uri, ldapsUri]
      .filter(Boolean)
      .map((u) => `${u}/`)
      .join(' ');

    const start = async () => {
      // slapd daemonizes and writes its pidfile; it is then stopped by that pid, never by name.
      const asRoot = process.getuid?.() === 0 ? ['-u', 'root', '-g', 'root'] : [];
      await run(bin('slapd'), ['-f', conf, '-h', listen, ...asRoot]);
      await waitUntil(() => answers(uri), 10_000, `slapd on ${uri}`);
      pid = await readPid(pidFile);
    };
    const halt = async () => {
      await stopSlapd(pid ?? (await readPid(pidFile)), pidFile);
      pid = undefined;
    };
    await start();
    return {
      uri,
      port,
      ldapsUri,
      caFile: tls ? path.join(dir, 'cert.pem') : undefined,
      suffix,
      rootDn,
      rootPassword,
      dir,
      pid: () => pid,
      async add(entries) {
        const file = path.join(dir, `add-${Date.now()}-${Math.random().toString(36).slice(2)}.ldif`);
        await writeFile(file, toLdif(entries));
        await run(bin('ldapadd'), ['-x', '-H', uri, '-D', rootDn, '-w', rootPassword, '-f', file]);
      },
      async restart() {
        await halt();
        await start();
      },
      halt,
      start,
      async freeze() {
        if (!pid) throw new Error('slapd is not running');
        process.kill(pid, 'SIGSTOP');
        // The stop reaches each thread when it is next scheduled: on a busy machine one may answer meanwhile.
        await waitUntil(() => allThreadsStopped(pid!), 5000, `slapd ${pid} freezing`);
      },
      thaw() {
        if (pid) process.kill(pid, 'SIGCONT');
      },
      async stop() {
        await halt();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopPid(pid ?? (await readPid(pidFile)));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Stops slapd by its pid. It removes its pidfile as its last act; waiting for that is quicker than waiting
 * for the pid to vanish, as the exited daemon stays a zombie until init reaps it (seconds, on these machines).
 */
async function stopSlapd(pid: number | undefined, pidFile: string): Promise<void> {
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  await waitUntil(() => !existsSync(pidFile), 5000, `slapd ${pid} stopping`).catch(() => stopPid(pid));
}

/** True when every thread of `pid` is in the stopped state (T in /proc/<pid>/task/<tid>/stat). */
async function allThreadsStopped(pid: number): Promise<boolean> {
  const tasks = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(
    tasks.map(async (tid) => (await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')).replace(/^.*\) /s, '')[0]),
  );
  return states.every((state) => state === 'T' || state === 't');
}

/** True when the server answers a root DSE read. */
async function answers(uri: string): Promise<boolean> {
  try {
    await run(bin('ldapsearch'), ['-x', '-H', uri, '-b', '', '-s', 'base', '-o', 'nettimeout=1', '1.1'], {
      timeout: 2000,
    });
    return true;
  } catch {
    return false;
  }
}
