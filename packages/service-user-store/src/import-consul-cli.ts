import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkBlock, describeError, webUrl, type Logger } from '@dird/core';
import { importXivoPrivate, readXivoPrivate, type ImportSummary } from './consul-import.js';
import { UserStoreConfigSchema, type UserStoreConfig } from './config.js';
import { openUserStore } from './open-user-store.js';

export const IMPORT_USAGE = `Usage: dird-import-consul --db-uri URI [--consul URL] [--consul-token-file FILE]
                          [--consul-ca FILE | --insecure] [--timeout SECONDS] [--dry-run]

Copies what xivo-dird kept in Consul (each user's personal contacts and favorites, under xivo/private/)
into dird's store, keeping the contacts' ids. Contacts the store has already are left as they are:
it can be run again.

Options:
  --db-uri URI              dird's store, as db_uri in its config (sqlite:////var/lib/dird/dird.sqlite,
                            mysql://user:password@host/database)
  --consul URL              Consul's HTTP API (default http://127.0.0.1:8500)
  --consul-token-file FILE  a file holding a Consul ACL token that may read xivo/private/
                            (or set CONSUL_HTTP_TOKEN; without either, no token is sent)
  --consul-ca FILE          for https: check Consul's certificate against this CA (PEM)
  --insecure                for https: do not check Consul's certificate
  --timeout SECONDS         how long reading Consul and opening the store may take (default 30)
  --dry-run                 read and count, write nothing
  -h, --help                show this help
Docs: docs/migrating.md`;

/** Where the command writes: its report, and its errors. */
export interface ImportIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `dird-import-consul`: returns the exit code (0 done, 1 failed, 2 a usage mistake). */
export async function importConsulCommand(argv: readonly string[], io: ImportIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'db-uri': { type: 'string' },
        consul: { type: 'string', default: 'http://127.0.0.1:8500' },
        'consul-token-file': { type: 'string' },
        'consul-ca': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '30' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    io.err(`dird-import-consul: ${(err as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`dird-import-consul: ${message}\n\n${IMPORT_USAGE}`);
    return 2;
  };
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) return usage(`--timeout ${values.timeout}: a number of seconds above 0 is expected`);
  if (!values['db-uri']) return usage('--db-uri is required: the db_uri of the dird config to import into');
  let consulUrl: URL;
  try {
    consulUrl = webUrl(values.consul, '--consul');
  } catch (err) {
    return usage(describeError(err));
  }
  try {
    const token = values['consul-token-file']
      ? (await readFile(values['consul-token-file'], 'utf8')).trim()
      : io.env.CONSUL_HTTP_TOKEN || undefined;
    const ca = values['consul-ca'] ? await readFile(values['consul-ca']) : undefined;
    const data = await readXivoPrivate({
      url: consulUrl,
      token,
      ca,
      verifyCertificate: !values.insecure,
      timeoutMs: timeout * 1000,
    });
    if (values['dry-run']) {
      // Nothing is opened, so nothing is created: the store is not touched.
      report(await importXivoPrivate(data, undefined), data.ignoredKeys, true, io);
      return 0;
    }
    const config = checkBlock(UserStoreConfigSchema, { connect_timeout: timeout }).value as UserStoreConfig;
    const store = await openUserStore({
      dbUri: values['db-uri'],
      baseDir: process.cwd(),
      config,
      logger: stderrLogger(io),
    });
    try {
      const status = store.status();
      if (status.state !== 'up')
        throw new Error(`the store ${status.location} is not available: ${status.reason ?? status.state}`);
      report(await importXivoPrivate(data, store), data.ignoredKeys, false, io);
    } finally {
      await store.stop();
    }
    return 0;
  } catch (err) {
    io.err(`dird-import-consul: ${describeError(err)}`);
    return 1;
  }
}

function report(summary: ImportSummary, ignoredKeys: readonly string[], dryRun: boolean, io: ImportIo): void {
  if (dryRun) {
    io.out(`users: ${summary.users} (dry run: nothing written)`);
    io.out(`personal contacts: ${summary.contactsAdded} to import (those the store has already are left)`);
    io.out(`favorites: ${summary.favorites} to set`);
  } else {
    io.out(`users: ${summary.users}`);
    io.out(`personal contacts: ${summary.contactsAdded} added, ${summary.contactsPresent} already there`);
    io.out(`favorites: ${summary.favorites} set`);
  }
  for (const refused of summary.contactsRefused) io.err(`not imported (over the store's limits): ${refused}`);
  for (const refused of summary.favoritesRefused) io.err(`favorite not imported (over the store's limits): ${refused}`);
  if (ignoredKeys.length > 0) {
    const some = ignoredKeys.slice(0, 5).join(', ');
    io.err(`${ignoredKeys.length} keys under xivo/private/ are neither a contact nor a favorite, left: ${some}`);
  }
}

/** The store's warnings, on standard error (its own messages never hold a password). */
function stderrLogger(io: ImportIo): Logger {
  const line = (obj: unknown, msg?: string) => io.err(typeof obj === 'string' ? obj : (msg ?? ''));
  const logger: Logger = { debug() {}, info() {}, warn: line, error: line, child: () => logger };
  return logger;
}
