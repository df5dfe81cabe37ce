import { FAULT_TARGETS, type FaultKind, type Target } from './schedule.js';

/** A fault as it happened (milliseconds since the load started). */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly targets: readonly Target[];
  readonly startedAt: number;
  /** When the server (file, auth server, signal) was up again; until then the fault is in progress. */
  upAt?: number;
  /** When the daemon was seen using it again (a probe answer), if it was. */
  backInUseAt?: number;
  /** What the check after the fault found, when something else than recovery is checked (SIGHUP). */
  note?: string;
}

/** A phase: the time between faults, named by the fault in progress or `steady`. */
export interface Phase {
  readonly index: number;
  readonly name: string;
  readonly startedAt: number;
  endedAt?: number;
}

/**
 * The faults of a run and the phases they cut it into. An error or a missing source is explained by a fault
 * that affects it, from its start until `graceMs` after its server was up again: the time the daemon is allowed
 * to take to use it again.
 */
export class FaultBook {
  readonly faults: FaultRecord[] = [];
  readonly phases: Phase[] = [{ index: 0, name: 'steady', startedAt: 0 }];

  constructor(readonly graceMs: number) {}

  /** A fault starts now: a new phase named by it. */
  begin(kind: FaultKind, now: number): FaultRecord {
    const record: FaultRecord = { kind, targets: FAULT_TARGETS[kind], startedAt: now };
    this.faults.push(record);
    this.nextPhase(kind, now);
    return record;
  }

  /** The fault is over (its server up and its recovery measured): a new steady phase. */
  end(now: number): void {
    this.nextPhase('steady', now);
  }

  /** The phase in which time `t` falls. */
  phaseAt(t: number): Phase {
    for (let i = this.phases.length - 1; i > 0; i--) if (this.phases[i].startedAt <= t) return this.phases[i];
    return this.phases[0];
  }

  /** True when a fault on one of `targets` was in progress, or within the grace after it, during [from, to]. */
  explains(targets: readonly Target[], from: number, to: number): boolean {
    return this.faults.some(
      (f) =>
        f.targets.some((t) => targets.includes(t)) &&
        to >= f.startedAt &&
        from <= (f.upAt ?? Number.POSITIVE_INFINITY) + this.graceMs,
    );
  }

  /** Milliseconds from up again to back in use; undefined when it never came back (or has nothing to measure). */
  static recoveryMs(f: FaultRecord): number | undefined {
    return f.upAt !== undefined && f.backInUseAt !== undefined ? Math.max(0, f.backInUseAt - f.upAt) : undefined;
  }

  private nextPhase(name: string, now: number): void {
    const last = this.phases[this.phases.length - 1];
    last.endedAt = now;
    this.phases.push({ index: this.phases.length, name, startedAt: now });
  }
}
