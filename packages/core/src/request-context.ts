/** Who a request is made for, as authentication established it. */
export interface Identity {
  /** The user's uuid (wazo-auth's `auth_id`, or the `{user_uuid}` of a reverse or phone URL); null: anonymous. */
  readonly userUuid: string | null;
  /** The token the request carried. Never log it. */
  readonly token: string | null;
  /** The user's tenant, when the authentication knows one. */
  readonly tenant: string | null;
}

const ANONYMOUS: Identity = Object.freeze({ userUuid: null, token: null, tenant: null });

/** How long a request may take when nothing else says (the HTTP server's own request timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Something that emits `close` once nobody waits for the answer any more (the request's `IncomingMessage`). */
export interface CloseEmitter {
  once(event: 'close', listener: () => void): unknown;
}

/** Options of a {@link RequestContext}. */
export interface RequestContextOptions {
  readonly identity?: Partial<Identity>;
  /** Milliseconds from now to the request's deadline (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * Aborts the signal when it emits `close` (the client went away, or the answer is out and nobody waits);
   * listened to only once the signal is made, so that requests whose work cannot be stopped cost nothing.
   */
  readonly closesWith?: CloseEmitter;
  /** Share the deadline and signal of this context (`timeoutMs` and `closesWith` are then ignored). */
  readonly sharing?: RequestContext;
}

/**
 * What travels with one request from the view down to the sources: who it is for, when its answer is due, and
 * a signal aborted when nobody waits for the answer any more (the client went away, or the deadline passed).
 *
 * A directory answers thousands of requests a second from in-memory sources that never look at the identity
 * or the signal: a context is a few fields, and the identity object, the signal, its timer and the listener on
 * the request are made only when something first reads them (measured in docs/benchmarks.md).
 */
export class RequestContext {
  /** When the answer is due, on the `performance.now()` clock. */
  readonly deadline: number;
  private readonly userUuid: string | null;
  private readonly token: string | null;
  private readonly tenant: string | null;
  private madeIdentity: Identity | undefined;
  /** The context whose signal this one shares (made by {@link RequestContext.withIdentity}). */
  private readonly owner: RequestContext | undefined;
  private readonly closesWith: CloseEmitter | undefined;
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: RequestContextOptions = {}) {
    const identity = options.identity;
    this.userUuid = identity?.userUuid ?? null;
    this.token = identity?.token ?? null;
    this.tenant = identity?.tenant ?? null;
    this.owner = options.sharing?.owner ?? options.sharing;
    this.deadline = this.owner
      ? this.owner.deadline
      : performance.now() + (options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.closesWith = this.owner ? undefined : options.closesWith;
  }

  /** A context with no user, for calls made outside a request (tests, start-up checks). */
  static anonymous(timeoutMs?: number): RequestContext {
    return new RequestContext({ timeoutMs });
  }

  /** Who the request is for. */
  get identity(): Identity {
    if (!this.madeIdentity) {
      const { userUuid, token, tenant } = this;
      this.madeIdentity =
        userUuid === null && token === null && tenant === null ? ANONYMOUS : Object.freeze({ userUuid, token, tenant });
    }
    return this.madeIdentity;
  }

  /** Milliseconds left before the deadline (0 once it passed). */
  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** Aborted when the client goes away or the deadline passes. */
  get signal(): AbortSignal {
    if (this.owner) return this.owner.signal;
    if (!this.controller) {
      this.controller = new AbortController();
      const left = this.remainingMs();
      const expire = () => this.abort(new DOMException('the request deadline passed', 'TimeoutError'));
      if (left === 0) expire();
      else {
        this.timer = setTimeout(expire, left).unref();
        this.closesWith?.once('close', () => this.abort(new DOMException('the client went away', 'AbortError')));
      }
    }
    return this.controller.signal;
  }

  /** True once the signal was made. */
  get watched(): boolean {
    return this.owner ? this.owner.watched : this.controller !== undefined;
  }

  /** Aborts the signal (the host calls it when the client goes away). */
  abort(reason: unknown): void {
    if (this.owner) return this.owner.abort(reason);
    clearTimeout(this.timer);
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(reason);
  }

  /**
   * This request for another identity, sharing its deadline and signal: a reverse lookup made on behalf of
   * the user in its URL.
   */
  withIdentity(identity: Partial<Identity>): RequestContext {
    const { userUuid, token, tenant } = this;
    return new RequestContext({ identity: { userUuid, token, tenant, ...identity }, sharing: this });
  }
}
