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

/** Options of a {@link RequestContext}. */
export interface RequestContextOptions {
  readonly identity?: Partial<Identity>;
  /** Milliseconds from now to the request's deadline (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * Called once, when the signal is first read, so that the host wires it up (abort when the client goes
   * away, release when the answer is out) only for requests whose work can be stopped.
   */
  readonly onSignal?: (context: RequestContext) => void;
  /** Share the deadline and signal of this context (`timeoutMs` and `onSignal` are then ignored). */
  readonly sharing?: RequestContext;
}

/** The signal of one request, shared by its contexts; made on first read. */
class RequestSignal {
  private controller: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly deadline: number,
    private readonly onSignal: ((context: RequestContext) => void) | undefined,
  ) {}

  get made(): boolean {
    return this.controller !== undefined;
  }

  get(context: RequestContext): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      const left = Math.max(0, this.deadline - performance.now());
      const expire = () => this.abort(new DOMException('the request deadline passed', 'TimeoutError'));
      if (left === 0) expire();
      else {
        this.timer = setTimeout(expire, left).unref();
        this.onSignal?.(context);
      }
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    clearTimeout(this.timer);
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(reason);
  }

  release(): void {
    clearTimeout(this.timer);
  }
}

/**
 * What travels with one request from the view down to the sources: who it is for, when its answer is due, and
 * a signal aborted when nobody waits for the answer any more (the client went away, or the deadline passed).
 *
 * A directory answers thousands of requests a second from in-memory sources that never look at the signal,
 * so the signal, its timer and the host's wiring are made only when something first reads it.
 */
export class RequestContext {
  readonly identity: Identity;
  private readonly shared: RequestSignal;

  constructor(options: RequestContextOptions = {}) {
    this.identity = options.identity ? { ...ANONYMOUS, ...options.identity } : ANONYMOUS;
    this.shared =
      options.sharing?.shared ??
      new RequestSignal(performance.now() + (options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), options.onSignal);
  }

  /** A context with no user, for calls made outside a request (tests, start-up checks). */
  static anonymous(timeoutMs?: number): RequestContext {
    return new RequestContext({ timeoutMs });
  }

  /** When the answer is due, on the `performance.now()` clock. */
  get deadline(): number {
    return this.shared.deadline;
  }

  /** Milliseconds left before the deadline (0 once it passed). */
  remainingMs(): number {
    return Math.max(0, this.shared.deadline - performance.now());
  }

  /** Aborted when the client goes away or the deadline passes. */
  get signal(): AbortSignal {
    return this.shared.get(this);
  }

  /** True once the signal was made: the host then owes a {@link RequestContext.release}. */
  get watched(): boolean {
    return this.shared.made;
  }

  /** Aborts the signal (the host calls it when the client goes away). */
  abort(reason: unknown): void {
    this.shared.abort(reason);
  }

  /** Stops the deadline timer once the answer is sent. */
  release(): void {
    this.shared.release();
  }

  /**
   * This request for another identity, sharing its deadline and signal: a reverse lookup made on behalf of
   * the user in its URL.
   */
  withIdentity(identity: Partial<Identity>): RequestContext {
    return new RequestContext({ identity: { ...this.identity, ...identity }, sharing: this });
  }
}
