import { readFileSync } from 'node:fs';
import {
  BaseSourcePlugin,
  ConfigError,
  describeError,
  ResultBuilder,
  secondsToMs,
  ThrottledLog,
  type Logger,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { LdapConfigSchema, type LdapConfig } from './config.js';
import { EntryMapper } from './entry-mapper.js';
import { filterToString, type LdapFilter } from './filter.js';
import type { ConnectOptions } from './client-api.js';
import { dnProblem } from './ldap-client.js';
import { LdapSession } from './ldap-session.js';
import { SourceFilters } from './source-filters.js';

/**
 * The `ldap` backend (LDAP servers and Active Directory): substring search over `searched_columns` within
 * `ldap_custom_filter`, exact reverse match over `first_matched_columns`, favorites by unique id. One
 * connection per source, shared by concurrent searches and reopened after a failure.
 */
export class LdapSourcePlugin extends BaseSourcePlugin<LdapConfig> {
  static override readonly configSchema = LdapConfigSchema;

  private config!: LdapConfig;
  private logger!: Logger;
  private filters!: SourceFilters;
  private mapper!: EntryMapper;
  private builder!: ResultBuilder;
  private session!: LdapSession;
  private limits!: ThrottledLog;

  async load({ config, logger }: SourceLoadArgs<LdapConfig>): Promise<void> {
    this.config = config;
    this.logger = logger;
    this.limits = new ThrottledLog(logger, 60_000);
    const key = (name: string) => `sources.${this.name}.${name}`;
    // Empty column names are skipped, as by the csv and mysql backends (an empty attribute name is no filter).
    const searched = (config.searched_columns ?? []).filter((c) => c !== '');
    const firstMatched = (config.first_matched_columns ?? []).filter((c) => c !== '');
    try {
      this.filters = new SourceFilters({
        searchedColumns: searched,
        firstMatchedColumns: firstMatched,
        customFilter: config.ldap_custom_filter,
        uniqueColumn: config.unique_column,
        binaryUuid: config.unique_column_format === 'binary_uuid',
      });
    } catch (err) {
      throw new ConfigError(describeError(err), { key: key('ldap_custom_filter') }, { cause: err });
    }
    const problem = dnProblem(config.ldap_base_dn);
    if (problem) throw new ConfigError(`not a DN (${problem})`, { key: key('ldap_base_dn') });
    if (!this.filters.canSearch) {
      throw new ConfigError('set searched_columns or ldap_custom_filter (or both): there is nothing to search', {
        key: key('searched_columns'),
      });
    }
    this.builder = ResultBuilder.forSource(this, config, logger);
    this.mapper = new EntryMapper({
      templateFields: this.builder.templateFields,
      uniqueColumn: config.unique_column,
      binaryUuid: config.unique_column_format === 'binary_uuid',
      knownColumns: [...searched, ...firstMatched],
    });
    this.session = new LdapSession({
      connect: this.connectOptions(key('ldap_tls_ca_file')),
      bindDn: config.ldap_username,
      password: config.ldap_password,
      maxConcurrent: config.ldap_max_concurrent_searches,
      logger,
    });
    await this.session.warmUp();
  }

  override unload(): void {
    this.session?.close();
  }

  async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    const filter = this.filters.search(term);
    return filter ? this.find(filter, args.signal, args.limit ?? 0) : [];
  }

  override async firstMatch(exten: string, args: SourceCallArgs): Promise<SourceResult | null> {
    const filter = this.filters.firstMatch(args.candidates?.length ? args.candidates : [exten]);
    if (!filter) return null;
    const [first] = await this.find(filter, args.signal, 1);
    return first ?? null;
  }

  override async list(uniqueIds: readonly string[], args: SourceCallArgs): Promise<SourceResult[]> {
    const filter = uniqueIds.length > 0 ? this.filters.list(uniqueIds) : null;
    return filter ? this.find(filter, args.signal, 0) : [];
  }

  /**
   * Runs one search and builds the results; `wanted` (0: all) is capped by `ldap_size_limit`. When the
   * server's size limit cuts the answer, the search is run again with paged results if `ldap_page_size` is
   * set: plain searches run concurrently, while paged ones must run one at a time on a connection.
   */
  private async find(filter: LdapFilter, signal: AbortSignal, wanted: number): Promise<SourceResult[]> {
    const { ldap_base_dn: base, ldap_size_limit: configured, ldap_page_size: pageSize } = this.config;
    const capped = [wanted, configured].filter((n) => n > 0);
    const sizeLimit = capped.length > 0 ? Math.min(...capped) : 0;
    this.logger.debug({ base, filter: filterToString(filter), size_limit: sizeLimit }, 'ldap search');
    const request = {
      base,
      filter,
      attributes: this.mapper.attributes,
      sizeLimit,
      pageSize: 0,
      timeoutMs: secondsToMs(this.config.ldap_timeout),
      signal,
    };
    let result = await this.session.run(signal, (connection) => connection.search(request));
    const cut = result.truncated && (sizeLimit === 0 || result.entries.length < sizeLimit);
    if (cut && pageSize > 0) {
      result = await this.session.runPaged(signal, (connection) => connection.search({ ...request, pageSize }));
    } else if (cut) {
      this.limits.warn(
        'server-size-limit',
        { returned: result.entries.length, filter: filterToString(filter) },
        `the server's size limit cut a search at ${result.entries.length} entries; set ldap_page_size to get past it`,
      );
    }
    return result.entries.filter((e) => e.dn !== '').map((e) => this.builder.build(this.mapper.record(e)));
  }

  private connectOptions(caKey: string): ConnectOptions {
    const { ldap_uri: uri, ldap_tls_ca_file: caFile, ldap_tls_verify: verify } = this.config;
    let ca: Buffer[] | undefined;
    if (caFile) {
      try {
        ca = [readFileSync(caFile)];
      } catch (err) {
        throw new ConfigError(`cannot read ${caFile}: ${describeError(err)}`, { key: caKey }, { cause: err });
      }
    }
    return {
      uri,
      timeoutMs: secondsToMs(this.config.ldap_network_timeout),
      tls: uri.startsWith('ldaps:') ? { ca, rejectUnauthorized: verify } : undefined,
    };
  }
}
