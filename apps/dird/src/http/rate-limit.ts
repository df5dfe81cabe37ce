import { errorBody } from '@dird/core';
import type { FastifyInstance } from 'fastify';

/** `rest_api.rate_limit`. */
export interface RateLimitSettings {
  readonly enabled: boolean;
  readonly requests_per_second: number;
  readonly burst: number;
}

/** The most clients remembered at once: the oldest is forgotten beyond, so memory stays bounded. */
const MAX_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client address (off by default): each client may make `burst` requests at once and
 * `requests_per_second` on average; beyond, 429 in the common error shape with `Retry-After`. It runs first,
 * before authentication, so a flood costs no token check.
 */
export function installRateLimit(app: FastifyInstance, settings: RateLimitSettings): void {
  if (!settings.enabled) return;
  const { requests_per_second: rate, burst } = settings;
  const buckets = new Map<string, Bucket>();
  app.addHook('onRequest', (request, reply, done) => {
    const now = performance.now();
    const key = request.ip;
    let bucket = buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
      // Most recently seen last: the first key is the one to forget when full.
      buckets.delete(key);
    } else {
      bucket = { tokens: burst, at: now };
      if (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value as string);
    }
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return done();
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    void reply
      .code(429)
      .header('retry-after', String(wait))
      .header('content-type', 'application/json; charset=utf-8')
      .send(
        JSON.stringify(
          errorBody(429, [
            `Too many requests: at most ${rate} a second (bursts of ${burst}) from one client; see rest_api.rate_limit`,
          ]),
        ),
      );
  });
}
