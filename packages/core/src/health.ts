/** Whether what a plugin depends on (a server, a file, a store) works, as last seen. */
export type HealthStatus = 'ok' | 'failing';

/** The last failure of a dependency: when (epoch milliseconds) and why (never a secret). */
export interface HealthFailure {
  readonly at: number;
  readonly reason: string;
}

/**
 * What a plugin says of its dependency when asked (`GET /0.1/status`): `failing` while its last attempt failed,
 * `ok` otherwise (nothing tried yet included).
 */
export interface Health {
  readonly status: HealthStatus;
  readonly lastFailure?: HealthFailure;
  /** When it last worked (epoch milliseconds). */
  readonly lastSuccess?: number;
  /** What the dependency is, for a person: `mysql dird@db:3306/dird`, `http://auth:9497` (never a password). */
  readonly target?: string;
}

/**
 * The health of one dependency, kept by the plugin that uses it: call {@link HealthTracker.ok} when it answers
 * and {@link HealthTracker.failed} when it does not (both cost a clock read), answer {@link HealthTracker.current}
 * from the plugin's `health()`.
 */
export class HealthTracker {
  private lastSuccess: number | undefined;
  private lastFailure: HealthFailure | undefined;
  private failing = false;

  constructor(private readonly target?: string) {}

  /** The dependency answered. */
  ok(at: number = Date.now()): void {
    this.lastSuccess = at;
    this.failing = false;
  }

  /** The dependency failed; `reason` is shown on the status route: no secret in it. */
  failed(reason: string, at: number = Date.now()): void {
    this.lastFailure = { at, reason };
    this.failing = true;
  }

  /** The health as last seen. */
  get current(): Health {
    return {
      status: this.failing ? 'failing' : 'ok',
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(this.lastSuccess === undefined ? {} : { lastSuccess: this.lastSuccess }),
      ...(this.target === undefined ? {} : { target: this.target }),
    };
  }
}
