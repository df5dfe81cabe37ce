import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { csvGeneration, generationTerm, MARKER_TERM, SOURCES } from './data.js';
import { EXTRA_PROFILE } from './config.js';
import type { FaultBook, FaultRecord } from './fault-book.js';
import { send, type Call } from './http-client.js';
import { lookupPath, sourcesOf, type Clock } from './load.js';
import type { FaultKind } from './schedule.js';
import type { World } from './world.js';

/** How long a probe keeps asking before it says the daemon did not use a server again. */
const PROBE_LIMIT_MS = 30_000;
const PROBE_EVERY_MS = 100;

/** A line the daemon would log on reloading its config (not the log file's reopening, not a CSV reload). */
export function isConfigReloadLine(line: { msg?: unknown; scope?: unknown }): boolean {
  const msg = typeof line.msg === 'string' ? line.msg : '';
  if (/reopening the log file/i.test(msg) || /^reloaded \d+ rows/.test(msg)) return false;
  return /(config|configuration|profile)[^.]*reload|reload[^.]*(config|configuration|profile)/i.test(msg);
}

/** Injects the faults of a run and measures, for each, when the daemon used the server again. */
export class FaultInjector {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

  constructor(
    private readonly world: World,
    private readonly book: FaultBook,
    private readonly clock: Clock,
    private readonly quick: boolean,
    private readonly say: (line: string) => void,
  ) {}

  /** Runs one fault to its end: the action, the server up again, the probe until it is back in use. */
  async inject(kind: FaultKind): Promise<FaultRecord> {
    const f = this.book.begin(kind, this.clock());
    const w = this.world;
    switch (kind) {
      case 'slapd restart':
        await w.slapd.restart();
        f.upAt = this.clock();
        await this.until(f, () => this.markerLists(SOURCES.ldap));
        break;
      case 'MariaDB restart':
        await w.mariadb.restart();
        f.upAt = this.clock();
        await this.until(f, () => this.markerLists(SOURCES.mysql));
        break;
      case 'CSV rewrite': {
        const g = ++w.csvGeneration;
        // In place (truncate, then write), as an editor or a script would: the daemon must read it whole.
        await writeFile(w.csvFile, csvGeneration(g));
        f.upAt = this.clock();
        await this.until(f, () => this.lists(generationTerm(g), SOURCES.csv));
        break;
      }
      case 'CSV removed': {
        await rm(w.csvFile);
        await sleep(this.quick ? 2000 : 5000);
        const g = ++w.csvGeneration;
        await writeFile(w.csvFile, csvGeneration(g));
        f.upAt = this.clock();
        await this.until(f, () => this.lists(generationTerm(g), SOURCES.csv));
        break;
      }
      case 'auth stopped':
        await w.auth.stop();
        // Longer than the daemon's cache of granted checks (5 s): the load's tokens must be asked again.
        await sleep(this.quick ? 6500 : 10_000);
        await w.auth.start();
        f.upAt = this.clock();
        // A reverse lookup for a user never seen: its ACL check cannot come from the cache.
        await this.until(
          f,
          async () => (await this.get(`/0.1/directories/reverse/default/${randomUUID()}?exten=1`)).status === 200,
        );
        break;
      case 'SIGHUP':
        await this.sighup(f);
        break;
    }
    this.book.end(this.clock());
    return f;
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * SIGHUP with a changed profile on disk (the extra profile added, or removed again). Until live reload exists
   * the daemon only reopens its log: then the check is that it still answers. When it logs a config reload,
   * the changed profile must be served as the file says.
   */
  private async sighup(f: FaultRecord): Promise<void> {
    const w = this.world;
    const extra = !w.extraProfile;
    await w.writeConfig(extra);
    const seen = w.daemon.logs.length;
    process.kill(w.daemon.pid, 'SIGHUP');
    f.upAt = this.clock();
    await this.until(f, async () => (await this.get(lookupPath(MARKER_TERM))).status === 200);
    const reload = await waitFor(() => w.daemon.logs.slice(seen).find(isConfigReloadLine), 5000);
    if (!reload) {
      f.note = 'no config reload logged (this build reopens its log on SIGHUP): checked that it still answers';
      return;
    }
    const want = extra ? 200 : 404;
    const deadline = this.clock() + 5000;
    let status: number | undefined;
    do {
      status = (await this.get(lookupPath(MARKER_TERM, EXTRA_PROFILE))).status;
      if (status === want) break;
      await sleep(PROBE_EVERY_MS);
    } while (this.clock() < deadline);
    f.note =
      status === want
        ? `reload logged ("${String(reload.msg)}"); profile ${EXTRA_PROFILE} ${extra ? 'added' : 'removed'}: answered ${status}`
        : `FAILED: reload logged but profile ${EXTRA_PROFILE} ${extra ? 'added' : 'removed'} answered ${status}, not ${want}`;
  }

  /** Probes until `check` holds (sets `backInUseAt`) or the probe limit passes. */
  private async until(f: FaultRecord, check: () => Promise<boolean>): Promise<void> {
    const end = this.clock() + PROBE_LIMIT_MS;
    while (this.clock() < end) {
      if (await check().catch(() => false)) {
        f.backInUseAt = this.clock();
        return;
      }
      await sleep(PROBE_EVERY_MS);
    }
    this.say(`  ${f.kind}: not back in use ${PROBE_LIMIT_MS / 1000} s after it was up again`);
  }

  private get(path: string): Promise<{ status?: number; body?: unknown }> {
    const call: Call = { method: 'GET', path, token: this.world.probe.token };
    return send(this.agent, this.world.port, call, 3000);
  }

  private async lists(term: string, source: string): Promise<boolean> {
    const a = await this.get(lookupPath(term));
    return a.status === 200 && sourcesOf(a.body as never).has(source);
  }

  private markerLists(source: string): Promise<boolean> {
    return this.lists(MARKER_TERM, source);
  }
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > end) return found;
    await sleep(100);
  }
}
