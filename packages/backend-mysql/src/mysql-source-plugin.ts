import {
  BaseSourcePlugin,
  bounded,
  ConfigError,
  describeError,
  ResultBuilder,
  secondsToMs,
  type Logger,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import type { RowDataPacket } from 'mysql2/promise';
import { MysqlConfigSchema, type MysqlConfig } from './config.js';
import { connectionKey, connectionTarget, describeTarget, poolOptions } from './connection-options.js';
import { isCharsetMismatch, isSchemaChanged, isStatementTimeout, isUnreachable } from './errors.js';
import { MysqlPool } from './mysql-pool.js';
import { rowFields } from './row-fields.js';
import { inspectSource, type SourceShape } from './source-shape.js';
import { sourceSpec, type SourceSpec } from './source-spec.js';
import type { Statement } from './statements.js';

/**
 * The `mysql` backend: a MySQL/MariaDB table, view or SELECT searched in place with bound LIKE queries. The
 * source checks its columns with the server at load; a server that is down then is checked again at the
 * next request, and a server restarted mid-run is reconnected to without restarting dird.
 */
export class MysqlSourcePlugin extends BaseSourcePlugin<MysqlConfig> {
  static override readonly configSchema = MysqlConfigSchema;
  static override readonly supportsOffset = true;

  private logger!: Logger;
  private builder!: ResultBuilder;
  private spec!: SourceSpec;
  private pool: MysqlPool | undefined;
  private server = '';
  private uniqueColumn: string | undefined;
  private checkMs = 0;
  private shape: SourceShape | undefined;
  private checking: Promise<SourceShape> | undefined;
  private reachable = true;

  async load({ config, logger }: SourceLoadArgs<MysqlConfig>): Promise<void> {
    this.logger = logger;
    this.builder = ResultBuilder.forSource(this, config, logger);
    this.spec = sourceSpec(config, this.builder.templateFields);
    this.uniqueColumn = this.spec.uniqueColumn;
    const target = connectionTarget(config);
    this.server = describeTarget(target);
    const connectTimeoutMs = secondsToMs(config.connect_timeout);
    this.checkMs = connectTimeoutMs + 2 * this.spec.queryTimeoutMs;
    this.pool = new MysqlPool(await poolOptions(config, target), {
      connectTimeoutMs,
      queryTimeoutMs: this.spec.queryTimeoutMs,
      logger,
    });
    try {
      await this.ready(AbortSignal.timeout(this.checkMs));
    } catch (err) {
      if (!isUnreachable(err)) {
        throw err instanceof ConfigError
          ? err
          : new ConfigError(
              `${this.server}: ${describeError(err)}`,
              { key: connectionKey(config, err) },
              { cause: err },
            );
      }
      this.markUnreachable(err, 'the source is loaded and checks its columns at the next request');
    }
  }

  override async unload(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // A server that stopped answering never acknowledges the goodbye: stop waiting after the connect timeout.
    await pool?.close(AbortSignal.timeout(this.checkMs));
  }

  async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    const cleaned = term.replace(/[\x00-\x1f]/g, '');
    // A term made only of control characters is not the empty term (which lists everything): it matches nothing.
    if (args.limit === 0 || this.spec.searched.length === 0 || (cleaned === '' && term !== '')) return [];
    return this.call(args.signal, async (shape, run) => {
      const statement = shape.statements.search(cleaned, args.limit, args.offset);
      return statement ? (await this.matching(run, statement)).map((row) => this.builder.build(rowFields(row))) : [];
    });
  }

  override async firstMatch(exten: string, args: SourceCallArgs): Promise<SourceResult | null> {
    if (this.spec.firstMatched.length === 0) return null;
    return this.call(args.signal, async (shape, run) => {
      const statement = shape.statements.firstMatch(args.candidates ?? [exten]);
      const [row] = statement ? await this.matching(run, statement) : [];
      return row ? this.builder.build(rowFields(row)) : null;
    });
  }

  override async list(uniqueIds: readonly string[], args: SourceCallArgs): Promise<SourceResult[]> {
    const unique = this.uniqueColumn;
    if (uniqueIds.length === 0 || !unique) return [];
    return this.call(args.signal, async (shape, run) => {
      const wanted = new Set(uniqueIds);
      const results: SourceResult[] = [];
      for (const statement of shape.statements.list(uniqueIds)) {
        for (const row of await this.matching(run, statement)) {
          const fields = rowFields(row);
          // The column's type and collation may call other spellings equal ('7' and '07' on a number, case
          // on a _ci column); an id is an identity, so only the exact string counts.
          if (wanted.has(fields[unique])) results.push(this.builder.build(fields));
        }
      }
      return results;
    });
  }

  /** Runs `work` on the checked source, turning failures into messages an operator can act on. */
  private async call<T>(
    signal: AbortSignal,
    work: (shape: SourceShape, run: (statement: Statement) => Promise<RowDataPacket[]>) => Promise<T>,
  ): Promise<T> {
    const pool = this.pool;
    try {
      if (!pool) throw new Error(`source ${this.name} is unloaded`);
      const result = await work(await this.ready(signal), (st) => pool.rows(st.sql, st.params, signal));
      if (!this.reachable) {
        this.reachable = true;
        this.logger.info({ server: this.server }, `${this.server} answers again`);
      }
      return result;
    } catch (err) {
      throw this.callError(err, signal);
    }
  }

  /**
   * The rows of a statement comparing request values with columns. A value holding characters a column's
   * character set cannot hold (`北` or an emoji against a latin1 or utf8mb3 column) cannot equal or contain
   * anything stored there: the server refuses the comparison ("Illegal mix of collations"), which means no
   * match, not a failing source.
   */
  private async matching(run: (statement: Statement) => Promise<RowDataPacket[]>, statement: Statement) {
    try {
      return await run(statement);
    } catch (err) {
      if (!isCharsetMismatch(err)) throw err;
      this.logger.debug(
        { err: describeError(err) },
        'a searched value holds characters a column cannot store: no match',
      );
      return [];
    }
  }

  /** The checked shape of the source, checking it first when needed (one check at a time for all callers). */
  private ready(signal: AbortSignal): Promise<SourceShape> {
    if (this.shape) return Promise.resolve(this.shape);
    this.checking ??= inspectSource(this.pool!, this.spec, AbortSignal.timeout(this.checkMs))
      .then((shape) => this.checked(shape))
      .finally(() => (this.checking = undefined));
    return bounded(this.checking, { signal, what: 'checking the source' });
  }

  private checked(shape: SourceShape): SourceShape {
    for (const field of shape.absentTemplateFields) {
      this.logger.warn({ field }, `format_columns read {${field}}, which is not a column: it renders empty`);
    }
    this.logger.info(
      { server: this.server, version: shape.server, columns: shape.columns.length },
      `connected to ${this.server} (${shape.server}): ${shape.columns.length} columns checked, source ready`,
    );
    this.reachable = true;
    this.shape = shape;
    return shape;
  }

  /** Says what went wrong in words an operator can act on, and notes what must be checked again. */
  private callError(err: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return err;
    if (isSchemaChanged(err)) {
      // The table changed since it was checked: check it again at the next call, which says what is missing.
      this.shape = undefined;
    }
    if (isStatementTimeout(err)) {
      return new Error(`query stopped by the server at query_timeout (${this.spec.queryTimeoutMs} ms)`, { cause: err });
    }
    if (isUnreachable(err)) {
      this.markUnreachable(err, 'requests fail until it answers again');
      return new Error(`${this.server} unreachable: ${describeError(err)}`, { cause: err });
    }
    return err;
  }

  private markUnreachable(err: unknown, consequence: string): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.logger.warn(
      { server: this.server, err: describeError(err) },
      `cannot reach ${this.server}: ${describeError(err)}; ${consequence}`,
    );
  }
}
