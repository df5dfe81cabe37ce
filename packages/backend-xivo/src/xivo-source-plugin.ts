import {
  BaseSourcePlugin,
  bounded,
  certificateCheck,
  describeError,
  fieldText,
  fold,
  ResultBuilder,
  safeUrl,
  searchEachSpelling,
  secondsToMs,
  type Logger,
  type Relations,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { XivoConfigSchema, type XivoConfig } from './config.js';
import { ConfdClient, type ConfdUser } from './confd-client.js';

/**
 * The fields of a result, from confd's directory view of a user (xivo-dird 15.x's list); a key confd does not
 * answer is null. The format columns are applied over them.
 */
export const USER_FIELDS = [
  'id',
  'exten',
  'firstname',
  'lastname',
  'userfield',
  'email',
  'description',
  'mobile_phone_number',
  'voicemail_number',
] as const;

/**
 * The `xivo` backend (reference §5.6): the users of a XiVO, read from xivo-confd. A lookup asks confd for the
 * users matching the term (`GET /1.1/users?view=directory&search=<term>`) and keeps those where the term is
 * in one of the `searched_columns` (ignoring case and accents, as the csv backend matches); a reverse lookup
 * searches confd for each spelling of the number and keeps the first user where a `first_matched_columns`
 * field, once formatted, is one of them; favorites are kept by user id. Each result carries the
 * PBX links xivo-dird gave it: `xivo_id` (the XiVO's uuid, from `GET /1.1/infos`), `user_id`, `user_uuid`,
 * `agent_id` and `endpoint_id` (the line). Every request is bounded by `confd_config.timeout` and by the
 * caller's deadline; a failure fails the call, and the lookup answers with its other sources.
 */
export class XivoSourcePlugin extends BaseSourcePlugin<XivoConfig> {
  static override readonly configSchema = XivoConfigSchema;

  private logger!: Logger;
  private builder!: ResultBuilder;
  private client: ConfdClient | undefined;
  private timeoutMs = 0;
  private searched: readonly string[] = [];
  private matched: readonly string[] = [];
  /** The XiVO's uuid, asked once it is needed and kept once known (a failure is asked again next time). */
  private xivoId: Promise<string> | undefined;
  /** Stops the load-time probe of confd (on unload). */
  private stopProbe: (() => void) | undefined;
  private unloaded = false;

  async load({ config, logger }: SourceLoadArgs<XivoConfig>): Promise<void> {
    const key = (name: string) => `sources.${this.name}.confd_config.${name}`;
    const confd = config.confd_config;
    this.logger = logger;
    const { verify, ca } = await certificateCheck(confd.verify_certificate, key('verify_certificate'));
    this.client = new ConfdClient(confd, {
      verifyCertificate: verify,
      ca,
      maxAnswerBytes: config.max_answer_bytes,
      extraParams: config.extra_search_params,
      key,
    });
    this.searched = (config.searched_columns ?? []).filter((c) => c !== '');
    this.matched = (config.first_matched_columns ?? []).filter((c) => c !== '');
    this.timeoutMs = secondsToMs(confd.timeout);
    this.builder = ResultBuilder.forSource(this, config, logger);
    this.warnAboutGaps(config);
    const where = safeUrl(this.client.base);
    logger.info({ url: where, timeout: confd.timeout }, `users of ${where} (timeout ${confd.timeout} s)`);
    this.probe(this.client, where);
  }

  /**
   * Asks confd for the XiVO's uuid once at load, without holding the start: a confd that cannot be reached is
   * said in the log at start rather than at the first lookup (which asks again), and a reachable one's uuid is
   * then known.
   */
  private probe(client: ConfdClient, where: string): void {
    const controller = new AbortController();
    this.stopProbe = () => controller.abort();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs).unref();
    void this.uuidOf(client, controller.signal)
      .then(
        (uuid) => this.logger.info({ url: where, xivo_id: uuid }, `confd at ${where} answers: XiVO ${uuid}`),
        (err: unknown) => {
          if (this.unloaded) return;
          const why = controller.signal.aborted ? `no answer within ${this.timeoutMs / 1000} s` : describeError(err);
          this.logger.warn(
            { url: where, err: why },
            `confd at ${where} does not answer yet (${why}): lookups leave this source out until it does`,
          );
        },
      )
      .finally(() => clearTimeout(timer));
  }

  override unload(): void {
    this.unloaded = true;
    this.stopProbe?.();
    this.client?.close();
  }

  async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    if (this.searched.length === 0) return [];
    const { users, xivoId } = await this.fetch(term, args);
    const needle = fold(term);
    const results: SourceResult[] = [];
    for (const user of users) {
      if (args.limit !== undefined && results.length >= args.limit) break;
      if (this.searched.some((column) => fold(fieldText(user[column])).includes(needle))) {
        results.push(this.resultOf(user, xivoId));
      }
    }
    return results;
  }

  /**
   * The first user whose formatted `first_matched_columns` field is one of the number's spellings, confd
   * searched for each spelling (the number as received first).
   */
  override async firstMatch(exten: string, args: SourceCallArgs): Promise<SourceResult | null> {
    if (this.matched.length === 0) return null;
    const wanted = new Set([exten, ...(args.candidates ?? [])]);
    const answers = await searchEachSpelling(exten, args.candidates, (spelling) => this.fetch(spelling, args));
    for (const { users, xivoId } of answers) {
      for (const user of users) {
        const result = this.resultOf(user, xivoId);
        if (this.matched.some((column) => matches(wanted, result.fields[column]))) return result;
      }
    }
    return null;
  }

  /** The users whose id is one of `uniqueIds`, in confd's order (the whole list is read: confd has no such query). */
  override async list(uniqueIds: readonly string[], args: SourceCallArgs): Promise<SourceResult[]> {
    if (uniqueIds.length === 0) return [];
    const wanted = new Set(uniqueIds);
    const { users, xivoId } = await this.fetch(undefined, args);
    return users.filter((user) => matches(wanted, user.id)).map((user) => this.resultOf(user, xivoId));
  }

  private resultOf(user: ConfdUser, xivoId: string): SourceResult {
    const fields: Record<string, unknown> = {};
    for (const name of USER_FIELDS) fields[name] = user[name] ?? null;
    const relations: Partial<Relations> = {
      xivo_id: xivoId,
      user_id: idOf(user.id),
      user_uuid: typeof user.uuid === 'string' ? user.uuid : null,
      agent_id: idOf(user.agent_id),
      endpoint_id: idOf(user.line_id),
    };
    return this.builder.buildOwned(fields, relations);
  }

  /**
   * The users confd answers for `search` (all of them when undefined) and the XiVO's uuid, asked together,
   * within `timeout` and the caller's deadline.
   */
  private async fetch(search: string | undefined, { signal }: SourceCallArgs) {
    const client = this.client;
    if (!client) throw new Error(`xivo source "${this.name}" is not loaded`);
    const url = client.usersUrl(search);
    const controller = new AbortController();
    const started = performance.now();
    const both = Promise.all([client.users(url, controller.signal), this.uuidOf(client, controller.signal)]);
    const [users, xivoId] = await bounded(both, {
      signal,
      ms: this.timeoutMs,
      what: `GET ${safeUrl(url)}`,
      onAbandon: () => controller.abort(),
    });
    this.logger.debug(
      { url: safeUrl(url), users: users.length, ms: Math.round(performance.now() - started) },
      `${safeUrl(url)}: ${users.length} users`,
    );
    return { users, xivoId };
  }

  private uuidOf(client: ConfdClient, signal: AbortSignal): Promise<string> {
    const known = this.xivoId;
    if (known) return known;
    const asked = client.uuid(signal);
    this.xivoId = asked;
    // Forgotten on failure, so the next call asks again; only a uuid confd gave is kept.
    asked.catch(() => {
      if (this.xivoId === asked) this.xivoId = undefined;
    });
    return asked;
  }

  /** Says at load what a block leaves out, so that an empty answer is not a mystery later. */
  private warnAboutGaps(config: XivoConfig): void {
    const { logger } = this;
    if (this.searched.length === 0) logger.warn('no searched_columns: lookups of this source find nothing');
    if (this.matched.length === 0) logger.info('no first_matched_columns: reverse lookups do not search this source');
    if (!config.unique_column) logger.info('no unique_column: contacts of this source cannot be favorites');
    const { username, password } = config.confd_config;
    if (username !== undefined || password !== undefined) {
      logger.warn(
        { key: `sources.${this.name}.confd_config.username` },
        'confd_config.username and password are not used: dird does not do HTTP digest authentication. ' +
          'Give confd_config.token (a xivo-auth token with the confd.users.read ACL), or let confd answer ' +
          "dird's address without one (XiVO's 127.0.0.1:9487 with https: false)",
      );
    }
  }
}

/** A confd id (a number, or text) as a relation; null when absent. */
function idOf(value: unknown): string | number | null {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : null;
}

/** True when `value` written as text is one of `wanted` (confd gives ids and numbers as numbers or text). */
function matches(wanted: ReadonlySet<string>, value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && wanted.has(String(value));
}
