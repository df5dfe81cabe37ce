// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Request {
    path?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    requests?: Request[];
    /** Headers sent with every request. */
    headers?: Record<string, string>;
  }
  interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }
  /** A running load: an event emitter that is also a promise of the totals. */
  interface Instance extends PromiseLike<Result> {
    /** One answer: the status, the bytes, the time since the request was sent (ms). */
    on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): this;
    /** A request that failed (connection error, timeout). */
    on(event: 'reqError', listener: (error: Error) => void): this;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
