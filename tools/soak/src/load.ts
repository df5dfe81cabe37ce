import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  generationTerm,
  lookupTerms,
  MARKER_NUMBERS,
  MARKER_TERM,
  SOURCE_TARGETS,
  SOURCES,
  favoritePool,
} from './data.js';
import { send, type Answer, type Call } from './http-client.js';
import type { Target } from './schedule.js';
import type { Outcome, RequestKind, Tally } from './tally.js';
import type { WriteLedger } from './write-ledger.js';
import type { SoakUser } from './world.js';

/** The milliseconds since the load started. */
export type Clock = () => number;

/** The lookup path of `term` in `profile`. */
export function lookupPath(term: string, profile = 'default'): string {
  return `/0.1/directories/lookup/${profile}?term=${encodeURIComponent(term)}`;
}

/** The sources a lookup answer lists. */
export function sourcesOf(body: { results?: { source?: string }[] } | undefined): Set<string> {
  return new Set((body?.results ?? []).map((r) => String(r.source)));
}

/** The marker number of `target` as a phone sends it: national, digits only (`0199000001`). */
export function dialled(target: Target): string {
  return '0' + MARKER_NUMBERS[target].replace(/\D/g, '').slice(2);
}

/** Options of the steady load. */
export interface LoadOptions {
  readonly port: number;
  readonly users: readonly SoakUser[];
  readonly rate: number;
  readonly deadlineMs: number;
  readonly clock: Clock;
  readonly tally: Tally;
  readonly ledger: WriteLedger;
}

/**
 * The steady mixed load: one client per user, each on its own kept-alive connection, paced so that all together
 * send `rate` requests/s: ordinary lookups, lookups of the marker term (which must list every source that is up),
 * reverse lookups of each source's marker number, favorites set and removed, personal contacts created.
 */
export class SteadyLoad {
  private stopping = false;
  private endAt = Number.POSITIVE_INFINITY;
  private readonly running: Promise<void>[];
  private readonly terms = lookupTerms();

  constructor(private readonly o: LoadOptions) {
    this.running = o.users.map((u) => this.client(u));
  }

  /** Sends nothing planned at or after `ms`; resolves when every client's last request is answered (or past its deadline). */
  async finishAt(ms: number): Promise<void> {
    this.endAt = ms;
    await Promise.all(this.running);
  }

  /** Stops sending now (Ctrl-C). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  private async client(user: SoakUser): Promise<void> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const intervalMs = (this.o.users.length * 1000) / this.o.rate;
    const pool = favoritePool(user.index);
    let created = 0;
    let next = this.o.clock() + Math.random() * intervalMs;
    try {
      while (!this.stopping && next < this.endAt) {
        const wait = next - this.o.clock();
        if (wait > 0) await sleep(wait);
        if (this.stopping || this.o.clock() >= this.endAt) break;
        next = Math.max(next + intervalMs, this.o.clock() - intervalMs);
        const r = Math.random();
        if (r < 0.3) await this.lookup(agent, user, this.terms[Math.floor(Math.random() * this.terms.length)]);
        else if (r < 0.55) await this.markerLookup(agent, user);
        else if (r < 0.8) await this.reverse(agent, user);
        else if (r < 0.96) await this.favorite(agent, user, pool[Math.floor(Math.random() * pool.length)]);
        else await this.createContact(agent, user, ++created);
      }
    } finally {
      agent.destroy();
    }
  }

  private async call(agent: http.Agent, call: Call): Promise<{ a: Answer; startedAt: number; endedAt: number }> {
    const startedAt = this.o.clock();
    const a = await send(agent, this.o.port, call, this.o.deadlineMs);
    return { a, startedAt, endedAt: this.o.clock() };
  }

  private record(
    kind: RequestKind,
    r: { a: Answer; startedAt: number; endedAt: number },
    ok: readonly number[],
    lacked: Target[] = [],
  ): void {
    const outcome: Outcome = {
      kind,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      status: r.a.status,
      error: r.a.error ?? (r.a.status !== undefined && !ok.includes(r.a.status) ? describe(r.a) : undefined),
      failed: r.a.status === undefined || r.a.error !== undefined || !ok.includes(r.a.status),
      dependsOn: ['auth'],
      lacked,
    };
    this.o.tally.record(outcome);
  }

  private async lookup(agent: http.Agent, user: SoakUser, term: string): Promise<void> {
    const r = await this.call(agent, { method: 'GET', path: lookupPath(term), token: user.token });
    this.record('lookup', r, [200]);
  }

  private async markerLookup(agent: http.Agent, user: SoakUser): Promise<void> {
    const r = await this.call(agent, { method: 'GET', path: lookupPath(MARKER_TERM), token: user.token });
    const lacked: Target[] = [];
    if (r.a.status === 200) {
      const found = sourcesOf(r.a.body);
      for (const t of SOURCE_TARGETS) if (!found.has(SOURCES[t])) lacked.push(t);
    }
    this.record('marker lookup', r, [200], lacked);
  }

  private async reverse(agent: http.Agent, user: SoakUser): Promise<void> {
    const target = SOURCE_TARGETS[Math.floor(Math.random() * SOURCE_TARGETS.length)];
    const path = `/0.1/directories/reverse/default/${user.uuid}?exten=${dialled(target)}`;
    const r = await this.call(agent, { method: 'GET', path, token: user.token });
    const lacked: Target[] = r.a.status === 200 && r.a.body?.source !== SOURCES[target] ? [target] : [];
    this.record('reverse', r, [200], lacked);
  }

  private async favorite(agent: http.Agent, user: SoakUser, entry: { source: string; id: string }): Promise<void> {
    const key = `${entry.source}/${entry.id}`;
    const op = this.o.ledger.isFavorite(user.uuid, key) ? 'DELETE' : 'PUT';
    const path = `/0.1/directories/favorites/${entry.source}/${encodeURIComponent(entry.id)}`;
    const r = await this.call(agent, { method: op, path, token: user.token });
    const ok = op === 'PUT' ? [204] : [204, 404];
    const status =
      r.a.error === undefined && r.a.status !== undefined && ok.includes(r.a.status) ? r.a.status : undefined;
    this.o.ledger.favoriteAnswered(user.uuid, key, op, status);
    this.record('favorite', r, ok);
  }

  private async createContact(agent: http.Agent, user: SoakUser, n: number): Promise<void> {
    const fields = {
      firstname: 'Created',
      lastname: `Soakuser${user.index}n${n}`,
      number: `+33 9 ${String(user.index).padStart(2, '0')} ${String(n)
        .padStart(6, '0')
        .replace(/(..)(..)(..)/, '$1 $2 $3')}`,
    };
    const r = await this.call(agent, { method: 'POST', path: '/0.1/personal', token: user.token, json: fields });
    if (r.a.status === 201 && typeof r.a.body?.id === 'string')
      this.o.ledger.contactCreated(user.uuid, r.a.body.id, fields);
    this.record('personal create', r, [201]);
  }
}

function describe(a: Answer): string {
  const reason = Array.isArray(a.body?.reason) ? a.body.reason.join('; ') : '';
  return reason ? reason.slice(0, 120) : `status ${a.status}`;
}

/** Terms used by the fault probes. */
export const PROBE_TERMS = { marker: MARKER_TERM, generation: generationTerm };
