import type { StartupReport } from '@dird/core';
import { publicRoute, requireAcl } from '@dird/core/fastify';
import type { FastifyInstance } from 'fastify';
import type { DirdMetrics } from './dird-metrics.js';
import { redactConfig } from './redact.js';
import { statusBody, type PluginHealth } from './status.js';

/**
 * What the operations routes read. Getters, read at each request: after a reload of the config they answer
 * for the config in use. The metrics are the process's and outlive a reload.
 */
export interface OpsRoutesOptions {
  readonly metrics: DirdMetrics;
  /** The start-up report of the config in use. */
  readonly report: () => StartupReport;
  /** The merged config in use (redacted before it is answered). */
  readonly config: () => unknown;
  /** What the loaded plugins say of their dependencies. */
  readonly health: () => PluginHealth;
  readonly version: string;
  /** `metrics.public`: `GET /metrics` without a token (else it needs `dird.metrics.read` when auth is on). */
  readonly metricsPublic: boolean;
}

const OBJECT = { type: 'object', additionalProperties: true } as const;

/**
 * `GET /0.1/status` (`dird.status.read`), `GET /0.1/config` (`dird.config.read`, every secret redacted) and
 * `GET /metrics` (Prometheus text format; `dird.metrics.read` unless `metrics.public`): the host's own routes,
 * declared with their ACL like any view's, so the host's access control covers them (docs/operations.md).
 */
export function installOpsRoutes(app: FastifyInstance, options: OpsRoutesOptions): void {
  app.get(
    '/0.1/status',
    {
      config: requireAcl('dird.status.read'),
      schema: {
        summary: "The daemon's state, each source and plugin as the start left it, and their dependencies' health",
        tags: ['status'],
        response: { 200: OBJECT },
      },
    },
    async () =>
      statusBody({
        report: options.report(),
        health: options.health(),
        sourceCalls: options.metrics.sourceHealth,
        version: options.version,
        startedAt: performance.timeOrigin,
      }),
  );
  app.get(
    '/0.1/config',
    {
      config: requireAcl('dird.config.read'),
      schema: {
        summary: 'The merged configuration in use, every secret redacted',
        tags: ['config'],
        response: { 200: OBJECT },
      },
    },
    async () => redactConfig(options.config()),
  );
  app.get(
    '/metrics',
    {
      config: options.metricsPublic ? publicRoute() : requireAcl('dird.metrics.read'),
      schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['status'] },
    },
    async (_request, reply) => {
      reply.type(options.metrics.registry.contentType);
      return options.metrics.text();
    },
  );
}
