import type { Bench, Measurement } from '../bench.js';
import { HANG_TIMEOUT_S } from '../workloads/configs.js';

/** One target (issues 6, 17, 18, 21) and what this run measured against it. */
export interface TargetResult {
  readonly target: string;
  readonly measured: string;
  readonly verdict: 'pass' | 'MISS' | 'not measured';
}

const GiB = 2 ** 30;

/** `m`'s requests/s over what it is compared with: the ceiling just before it, or its `comparedTo` measurement. */
export function ratio(bench: Bench, m: Measurement): number | undefined {
  const base = m.comparedTo ? bench.get(m.comparedTo)?.load.rps : m.ceilingRps;
  return base ? m.load.rps / base : undefined;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function check(target: string, measured: string | undefined, pass: boolean | undefined): TargetResult {
  if (measured === undefined || pass === undefined) return { target, measured: '—', verdict: 'not measured' };
  return { target, measured, verdict: pass ? 'pass' : 'MISS' };
}

function ratioAtLeast(bench: Bench, id: string, min: number, target: string): TargetResult {
  const m = bench.get(id);
  const r = m && ratio(bench, m);
  return check(target, r === undefined ? undefined : pct(r), r === undefined ? undefined : r >= min);
}

/** Every target, judged on this run. */
export function evaluateTargets(bench: Bench): TargetResult[] {
  const loadMs = bench.facts.get('load-1M-ms');
  const loadRss = bench.facts.get('load-1M-peak-rss');
  const hanging = bench.get('hanging');
  const alone = [bench.get('healthy-alone'), bench.get('healthy-alone-after')].filter((m) => m !== undefined);
  const during = bench.get('healthy-during-hang');
  const aloneRps = alone.reduce((s, m) => s + m.load.rps, 0) / alone.length;
  const kept = alone.length && during ? during.load.rps / aloneRps : undefined;
  const limitMs = HANG_TIMEOUT_S * 1000 + 50;
  return [
    ...floorTargets(bench),
    check(
      '1M-row CSV loaded in ≤ 10 s',
      loadMs === undefined ? undefined : `${(loadMs / 1000).toFixed(1)} s`,
      loadMs === undefined ? undefined : loadMs <= 10_000,
    ),
    check(
      '1M-row CSV: RSS ≤ 1 GiB (peak while loading)',
      loadRss === undefined ? undefined : `${Math.round(loadRss / 2 ** 20)} MiB`,
      loadRss === undefined ? undefined : loadRss <= GiB,
    ),
    check(
      `1 of 3 sources hangs: p99 ≤ timeout + 50 ms (${limitMs} ms)`,
      hanging && `${hanging.load.p99} ms`,
      hanging && hanging.load.p99 <= limitMs,
    ),
    check(
      '1 of 3 sources hangs: zero errors',
      hanging && String(hanging.load.errors),
      hanging && hanging.load.errors === 0,
    ),
    check(
      'profile without the hanging source keeps ≥ 90% of its throughput (vs the mean of its runs alone)',
      kept === undefined ? undefined : pct(kept),
      kept === undefined ? undefined : kept >= 0.9,
    ),
    ratioAtLeast(bench, 'ldap-dird', 0.8, 'LDAP through dird: ≥ 80% of ldapjs straight'),
    ratioAtLeast(bench, 'mysql-dird', 0.8, 'MySQL through dird: ≥ 80% of mysql2 straight'),
    ratioAtLeast(bench, 'lookup-auth-static', 0.9, 'lookup with static tokens: ≥ 90% of the same lookup without auth'),
    ratioAtLeast(bench, 'lookup-auth-wazo', 0.9, 'lookup with wazo-auth tokens (cached): ≥ 90% of it without auth'),
    phoneTarget(bench),
    ...userDataTargets(bench),
  ];
}

/**
 * The targets of issue 21: lookups and reverse lookups against the answer floor measured in the same run (a bare
 * Fastify route sending dird's own answers to the same requests), and one- and two-letter terms on 1M rows.
 */
function floorTargets(bench: Bench): TargetResult[] {
  const lookup100k = bench.get('lookup-100k');
  const short = bench.get('short-1M');
  const ofFloor = (id: string, floorId: string, min: number, target: string): TargetResult => {
    const rps = bench.get(id)?.load.rps;
    const floor = bench.get(floorId)?.load.rps;
    const r = rps !== undefined && floor ? rps / floor : undefined;
    return check(target, r === undefined ? undefined : pct(r), r === undefined ? undefined : r >= min);
  };
  return [
    ofFloor('lookup-100k', 'floor-lookup-100k', 0.5, 'lookup, 100k CSV: ≥ 50% of the answer floor'),
    ofFloor('lookup-1M', 'floor-lookup-100k', 0.45, 'lookup, 1M CSV: ≥ 45% of the same floor'),
    check(
      'lookup, 100k CSV: p99 ≤ 5 ms at 50 connections',
      lookup100k && `${lookup100k.load.p99} ms`,
      lookup100k && lookup100k.load.p99 <= 5,
    ),
    ofFloor('reverse-100k', 'floor-reverse-100k', 0.85, 'reverse, 100k CSV: ≥ 85% of the answer floor'),
    ofFloor('reverse-1M', 'floor-reverse-100k', 0.85, 'reverse, 1M CSV: ≥ 85% of the same floor'),
    check(
      'one- and two-letter terms, 1M CSV (pages of 1000 results): ≥ 1,000 req/s',
      short && `${Math.round(short.load.rps)} req/s`,
      short && short.load.rps >= 1000,
    ),
  ];
}

/** The targets of issue 17 (per-user data). */
function userDataTargets(bench: Bench): TargetResult[] {
  const off = bench.get('favorites-off');
  const on = bench.get('favorites-on');
  const kept = off && on ? on.load.rps / off.load.rps : undefined;
  const importIn = (store: string, label: string) => {
    const ms = bench.facts.get(`import-10k-${store}-ms`);
    return check(
      `importing 10,000 personal contacts < 5 s (${label})`,
      ms === undefined ? undefined : `${(ms / 1000).toFixed(2)} s`,
      ms === undefined ? undefined : ms < 5000,
    );
  };
  return [
    check(
      'lookup with favorites on, 50 favorites: ≥ 90% of the throughput without (means of runs taken in turn)',
      kept === undefined ? undefined : pct(kept),
      kept === undefined ? undefined : kept >= 0.9,
    ),
    importIn('sqlite', 'SQLite'),
    importIn('mysql', 'MariaDB'),
  ];
}

/** Issue 18: a Cisco lookup keeps ≥ 80% of the throughput of the same lookup in JSON (means of the runs in turn). */
function phoneTarget(bench: Bench): TargetResult {
  const mean = (...ids: string[]) => {
    const runs = ids.map((id) => bench.get(id)).filter((m) => m !== undefined);
    return runs.length ? runs.reduce((s, m) => s + m.load.rps, 0) / runs.length : undefined;
  };
  const cisco = mean('phone-cisco', 'phone-cisco-again');
  const json = mean('phone-json', 'phone-json-again');
  const kept = cisco !== undefined && json ? cisco / json : undefined;
  return check(
    'Cisco phone lookup: ≥ 80% of the same lookup in JSON',
    kept === undefined ? undefined : pct(kept),
    kept === undefined ? undefined : kept >= 0.8,
  );
}
