import swagger from '@fastify/swagger';
import fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { BaseAuthPlugin } from '@dird/core';
import { publicRoute } from '@dird/core/fastify';
import { installAccessControl } from './access.js';
import { installRateLimit, type RateLimitSettings } from './rate-limit.js';
import { MAX_BODY_BYTES, MAX_PARAM_LENGTH } from './limits.js';
import { frameworkErrors, installErrorHandlers } from './errors.js';
import { installRequestContext } from './request-context.js';
import { lazyChildLogger } from './request-logger.js';

/**
 * Told of a finished request: its method, its route's URL pattern (undefined when no route matched), its status
 * and how long it took. Plain arguments: no object made per request.
 */
export type RequestCompleted = (method: string, route: string | undefined, status: number, ms: number) => void;

/**
 * One line per request, at debug level: a directory answers thousands of lookups a second. Fastify calls it
 * for every request already, so the metrics are fed from here: a hook on every route would cost more.
 */
class QuietRequests extends LogController {
  constructor(private readonly completed?: RequestCompleted) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    this.completed?.(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    if (request.log.level !== 'debug' && request.log.level !== 'trace') return;
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        err: error ?? undefined,
      },
      'request completed',
    );
  }
}

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  readonly logger: FastifyBaseLogger;
  readonly version: string;
  /** CORS for browser clients; off when absent. */
  readonly cors?: { readonly enabled: boolean; readonly allowHeaders: string };
  /** `rest_api.rate_limit`: off when absent or not enabled. */
  readonly rateLimit?: RateLimitSettings;
  /** The token verifier every route's ACL is checked with; absent: no authentication. */
  readonly verifier?: BaseAuthPlugin;
  /** Told of every finished request (the metrics); must be cheap and must not throw. */
  readonly onRequestCompleted?: RequestCompleted;
}

/**
 * The Fastify app of one config generation, which views register routes on: the common error shape, the
 * OpenAPI document built from the routes' schemas at `/0.1/api/api.yml` (and `api.json`, the xivo-dird URL), no
 * auth on those. It never listens: the daemon's one server (`listener.ts`) hands it requests with
 * `app.routing(req, res)`, so that a reload can swap apps while connections stay open. Connection settings
 * (TLS, header size, timeouts, malformed requests, `CONNECT`) are that server's.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = fastify({
    // Fastify makes a server of its own unless given one: this one is never listened on (closing the app
    // then leaves the daemon's server alone).
    serverFactory: (handler) => http.createServer(handler),
    loggerInstance: options.logger,
    logController: new QuietRequests(options.onRequestCompleted),
    childLoggerFactory: lazyChildLogger,
    // Errors the router raises before any route runs (a URL that does not decode, a parameter too long) get
    // the common error shape too.
    frameworkErrors,
    // A profile or user_uuid is looked up like any other, up to this length; a longer one is refused (400).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: MAX_BODY_BYTES,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  }) as unknown as FastifyInstance;
  installErrorHandlers(app);
  if (options.rateLimit) installRateLimit(app, options.rateLimit);
  installRequestContext(app);
  installAccessControl(app, { verifier: options.verifier });
  if (options.cors?.enabled) installCors(app, options.cors.allowHeaders);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'dird',
        version: options.version,
        description:
          'Phone-directory daemon for IP-PBX systems. Lookup, reverse lookup and display headers, xivo-dird compatible.',
      },
    },
  });
  app.get('/0.1/api/api.yml', { schema: { hide: true }, config: publicRoute() }, async (_req, reply) =>
    reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })),
  );
  app.get('/0.1/api/api.json', { schema: { hide: true }, config: publicRoute() }, async () => app.swagger());
  return app;
}

/** The methods a preflight answers, as xivo-dird's (flask-cors') defaults. */
const CORS_METHODS = 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE';

/** What runs on a request before its app routes it; see {@link frontOf}. */
export type Front = (req: IncomingMessage, res: ServerResponse) => void;

/** Each app's front, when it has one. */
const fronts = new WeakMap<FastifyInstance, Front>();

/**
 * What the daemon's server runs on each request before handing it to `app` (listener.ts): CORS headers, set on
 * the raw response so that every answer carries them, errors and 404s included, without a Fastify hook (a
 * route with hooks takes Fastify's slower path on every request: docs/benchmarks.md, finding 24).
 */
export function frontOf(app: FastifyInstance): Front | undefined {
  return fronts.get(app);
}

/**
 * CORS as xivo-dird does it (flask-cors, any origin): a request carrying an `Origin` header (a browser's
 * cross-origin call, from a web softphone say) gets that origin allowed back; a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) is answered 204 with the allowed methods and headers, whatever its URL.
 * Requests without `Origin` (phones, the PBX) are left as they are.
 */
function installCors(app: FastifyInstance, allowHeaders: string): void {
  fronts.set(app, (req, res) => {
    const origin = req.headers.origin;
    if (origin === undefined) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  });
  // The preflight answer is a route (no access asked: a browser sends no token with it), so that it is
  // counted and logged as any request; an OPTIONS request that is no preflight finds no route, as before.
  app.options('*', { schema: { hide: true }, config: publicRoute() }, (request, reply) => {
    if (request.headers.origin === undefined || request.headers['access-control-request-method'] === undefined) {
      return reply.callNotFound();
    }
    reply
      .code(204)
      .header('access-control-allow-methods', CORS_METHODS)
      .header('access-control-allow-headers', allowHeaders)
      .send();
  });
}
