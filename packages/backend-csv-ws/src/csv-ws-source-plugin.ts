import {
  BaseSourcePlugin,
  bounded,
  certificateCheck,
  describeError,
  ResultBuilder,
  safeUrl,
  secondsToMs,
  WebClient,
  webUrl,
  withParams,
  type Logger,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { CsvWsConfigSchema, type CsvWsConfig } from './config.js';
import { readAnswer, type ColumnValue, type CsvRecord, type ReadOptions } from './csv-answer.js';

/**
 * The `csv_ws` backend (reference §5.2): a CSV answered by a web service, which does the matching. `search`
 * GETs `lookup_url?<searched column>=<term>...` and every row answered is a result; `firstMatch` GETs it with
 * the first matched columns and keeps the first row where one of them is the number; `list` GETs `list_url`
 * and keeps the rows of the unique ids asked for. A 404 is no result; any other failure fails the call (the
 * lookup answers with its other sources). Every request is bounded by `timeout` and by the caller's deadline.
 */
export class CsvWsSourcePlugin extends BaseSourcePlugin<CsvWsConfig> {
  static override readonly configSchema = CsvWsConfigSchema;

  private config!: CsvWsConfig;
  private logger!: Logger;
  private builder!: ResultBuilder;
  private client: WebClient | undefined;
  private lookupUrl!: URL;
  private listUrl: URL | undefined;
  private timeoutMs = 0;
  private searched: readonly string[] = [];
  private matched: readonly string[] = [];

  async load({ config, logger }: SourceLoadArgs<CsvWsConfig>): Promise<void> {
    const key = (name: string) => `sources.${this.name}.${name}`;
    this.config = config;
    this.logger = logger;
    this.lookupUrl = webUrl(config.lookup_url, key('lookup_url'));
    this.listUrl = config.list_url === undefined ? undefined : webUrl(config.list_url, key('list_url'));
    const { verify, ca } = await certificateCheck(config.verify_certificate, key('verify_certificate'));
    // Empty column names are skipped, as by the other backends: `=term` is no parameter.
    this.searched = (config.searched_columns ?? []).filter((c) => c !== '');
    this.matched = (config.first_matched_columns ?? []).filter((c) => c !== '');
    this.timeoutMs = secondsToMs(config.timeout);
    this.builder = ResultBuilder.forSource(this, config, logger);
    this.client = new WebClient({
      verifyCertificate: verify,
      ca,
      maxAnswerBytes: config.max_answer_bytes,
      accept: 'text/csv, text/plain;q=0.9, */*;q=0.5',
    });
    this.warnAboutGaps();
    logger.info(
      { url: safeUrl(this.lookupUrl), timeout: config.timeout },
      `searching ${safeUrl(this.lookupUrl)} (timeout ${config.timeout} s)`,
    );
  }

  override unload(): void {
    this.client?.close();
  }

  /** Every row the service answers for the term sent in each searched column (no filtering here, as xivo-dird). */
  async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    const url = withParams(
      this.lookupUrl,
      this.searched.map((column) => [column, term]),
    );
    const rows = await this.fetch(url, args, { max: args.limit });
    return rows.map((row) => this.builder.buildOwned(row));
  }

  /**
   * The number is sent as received in each first matched column; the first row where one of those columns
   * equals it, or another spelling of it (`candidates`), exactly, is the match.
   */
  override async firstMatch(exten: string, args: SourceCallArgs): Promise<SourceResult | null> {
    if (this.matched.length === 0) return null;
    const url = withParams(
      this.lookupUrl,
      this.matched.map((column) => [column, exten]),
    );
    const wanted = new Set([exten, ...(args.candidates ?? [])]);
    const keep = (value: ColumnValue) => this.matched.some((column) => isIn(wanted, value(column)));
    const [row] = await this.fetch(url, args, { keep, max: 1 });
    return row ? this.builder.buildOwned(row) : null;
  }

  /** The rows of `list_url` whose unique column is one of `uniqueIds`, in the answer's order. */
  override async list(uniqueIds: readonly string[], args: SourceCallArgs): Promise<SourceResult[]> {
    const column = this.config.unique_column;
    if (!this.listUrl || !column || uniqueIds.length === 0) return [];
    const wanted = new Set(uniqueIds);
    const rows = await this.fetch(this.listUrl, args, { keep: (value) => isIn(wanted, value(column)) });
    return rows.map((row) => this.builder.buildOwned(row));
  }

  /**
   * The records answered at `url` that `options` keeps ([] for a 404), within `timeout` and the caller's
   * deadline: both the request and the reading of its answer stop at whichever comes first.
   */
  private async fetch(url: URL, { signal }: SourceCallArgs, options: ReadOptions): Promise<CsvRecord[]> {
    const client = this.client;
    if (!client) throw new Error(`csv_ws source "${this.name}" is not loaded`);
    const controller = new AbortController();
    const started = performance.now();
    const read = async () => {
      const text = await client.get(url, controller.signal);
      if (text === null) return null;
      return readAnswer(text, this.config.delimiter, { ...options, signal: controller.signal }).catch(
        (err: unknown) => {
          throw controller.signal.aborted
            ? err
            : new Error(`GET ${safeUrl(url)}: ${describeError(err)}`, { cause: err });
        },
      );
    };
    const rows = await bounded(read(), {
      signal,
      ms: this.timeoutMs,
      what: `GET ${safeUrl(url)}`,
      onAbandon: () => controller.abort(),
    });
    this.logger.debug(
      { url: safeUrl(url), rows: rows?.length ?? 0, ms: Math.round(performance.now() - started) },
      rows === null ? `${safeUrl(url)}: 404, no result` : `${safeUrl(url)}: ${rows.length} rows kept`,
    );
    return rows ?? [];
  }

  /** Says at load what a block leaves out, so that an empty answer is not a mystery later. */
  private warnAboutGaps(): void {
    const { config, logger } = this;
    if (this.searched.length === 0) {
      logger.warn('no searched_columns: the term is not sent, so every search gets all that lookup_url answers');
    }
    if (config.list_url !== undefined && !config.unique_column) {
      logger.warn('list_url is not used without unique_column: favorites of this source cannot be listed');
    }
  }
}

/** True when the row has the value (a short row lacks it) and it is one of `wanted`. */
function isIn(wanted: ReadonlySet<string>, value: string | undefined): boolean {
  return value !== undefined && wanted.has(value);
}
