import {
  BaseSourcePlugin,
  bounded,
  certificateCheck,
  ResultBuilder,
  safeUrl,
  searchEachSpelling,
  secondsToMs,
  WebClient,
  webUrl,
  withParams,
  type Logger,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { PhonebookConfigSchema, type PhonebookConfig } from './config.js';
import { fieldsAt, NUMBER_PATHS } from './paths.js';

/** One contact as the phonebook answers it: nested objects (`phonebook`, `phonebooknumber`, `phonebookaddress`). */
type Contact = Readonly<Record<string, unknown>>;

/**
 * The `phonebook` backend (reference §5.5): the phonebook of a XiVO's web interface (XiVO up to 16.13), through
 * its JSON search. A lookup GETs `phonebook_url?act=search&search=<term>` and every contact answered is a
 * result (the web interface does the matching); a reverse lookup searches for each spelling of the number and
 * keeps the first contact where a `first_matched_columns` path (`phonebooknumber.office.number`) is one of
 * them. A result holds only its `format_columns`, templates over dotted paths into the contact. The
 * phonebook has no unique id: its contacts cannot be favorites. Every request is bounded by
 * `phonebook_timeout` and by the caller's deadline; a failure fails the call, and the lookup answers with its
 * other sources.
 */
export class PhonebookSourcePlugin extends BaseSourcePlugin<PhonebookConfig> {
  static override readonly configSchema = PhonebookConfigSchema;

  private logger!: Logger;
  private builder!: ResultBuilder;
  private client: WebClient | undefined;
  private url!: URL;
  private timeoutMs = 0;
  /** The dotted paths the format columns read. */
  private paths: readonly string[] = [];
  private matched: readonly string[] = [];
  private columns: readonly string[] = [];
  /** Paths already warned about as missing from an answer (once each). */
  private readonly warned = new Set<string>();

  async load({ config, logger }: SourceLoadArgs<PhonebookConfig>): Promise<void> {
    const key = (name: string) => `sources.${this.name}.${name}`;
    this.logger = logger;
    this.url = webUrl(config.phonebook_url, key('phonebook_url'));
    const { verify, ca } = await certificateCheck(config.verify_certificate, key('verify_certificate'));
    const { phonebook_username: user, phonebook_password: password } = config;
    // HTTP Basic only when both are given, as xivo-dird did.
    const basic = user !== undefined && password !== undefined;
    this.client = new WebClient({
      verifyCertificate: verify,
      ca,
      maxAnswerBytes: config.max_answer_bytes,
      accept: 'application/json',
      headers: basic ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : undefined,
    });
    // The results hold only the format columns, built from dotted paths: no unique column to take an id from.
    this.builder = ResultBuilder.forSource(this, { ...config, unique_column: undefined }, logger);
    this.paths = this.builder.templateFields;
    this.columns = Object.keys(config.format_columns);
    this.matched = (config.first_matched_columns ?? []).filter((c) => c !== '');
    this.timeoutMs = secondsToMs(config.phonebook_timeout);
    if ((user === undefined) !== (password === undefined)) {
      logger.warn(`only one of phonebook_username and phonebook_password is given: searches are sent without them`);
    }
    if (config.unique_column)
      logger.info('unique_column is not used: phonebook contacts have no id, and cannot be favorites');
    const where = safeUrl(this.url);
    logger.info(
      { url: where, timeout: config.phonebook_timeout },
      `searching ${where} (timeout ${config.phonebook_timeout} s)`,
    );
  }

  override unload(): void {
    this.client?.close();
  }

  /** Every contact the phonebook answers for the term (it does the matching), up to the number needed. */
  async search(term: string, args: SourceCallArgs): Promise<SourceResult[]> {
    const contacts = await this.fetch(term, args);
    const wanted = args.limit === undefined ? contacts : contacts.slice(0, args.limit);
    return wanted.map((contact) => this.resultOf(contact));
  }

  /**
   * The first contact where a first matched path is one of the number's spellings, the phonebook searched for
   * each spelling (the number as received first).
   */
  override async firstMatch(exten: string, args: SourceCallArgs): Promise<SourceResult | null> {
    if (this.matched.length === 0) return null;
    const wanted = new Set([exten, ...(args.candidates ?? [])]);
    const answers = await searchEachSpelling(exten, args.candidates, (spelling) => this.fetch(spelling, args));
    for (const contacts of answers) {
      const found = contacts.find((contact) => {
        const values = fieldsAt(contact, this.matched);
        return this.matched.some((path) => wanted.has(values[path]));
      });
      if (found !== undefined) return this.resultOf(found);
    }
    return null;
  }

  /** The result of a contact: its format columns only. */
  private resultOf(contact: Contact): SourceResult {
    const values = fieldsAt(contact, this.paths, (path) => this.missing(path));
    const built = this.builder.buildOwned(values);
    const fields: Record<string, unknown> = {};
    for (const column of this.columns) fields[column] = built.fields[column];
    return { ...built, fields };
  }

  /** Warns once per path that an answer lacks (but for the four numbers, which a contact may well not have). */
  private missing(path: string): void {
    if (NUMBER_PATHS.has(path) || this.warned.has(path)) return;
    this.warned.add(path);
    this.logger.warn({ path }, `the phonebook's contacts have no "${path}": its format columns show it empty`);
  }

  /** The contacts answered for `search`, within `phonebook_timeout` and the caller's deadline. */
  private async fetch(search: string, { signal }: SourceCallArgs): Promise<Contact[]> {
    const client = this.client;
    if (!client) throw new Error(`phonebook source "${this.name}" is not loaded`);
    const url = withParams(this.url, [
      ['act', 'search'],
      ['search', search],
    ]);
    const controller = new AbortController();
    const started = performance.now();
    const text = await bounded(client.get(url, controller.signal), {
      signal,
      ms: this.timeoutMs,
      what: `GET ${safeUrl(url)}`,
      onAbandon: () => controller.abort(),
    });
    const contacts = contactsIn(text, url);
    this.logger.debug(
      { url: safeUrl(url), contacts: contacts.length, ms: Math.round(performance.now() - started) },
      `${safeUrl(url)}: ${contacts.length} contacts`,
    );
    return contacts;
  }
}

/** The contacts of an answer: a JSON list of objects; nothing for a 404 or an empty answer (a 204). */
function contactsIn(text: string | null, url: URL): Contact[] {
  if (text === null || text.trim() === '') return [];
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (err) {
    throw new Error(`GET ${safeUrl(url)}: the answer is not JSON (${(err as Error).message})`, { cause: err });
  }
  if (!Array.isArray(answer)) throw new Error(`GET ${safeUrl(url)}: the answer is not a list of contacts`);
  return answer.filter((c): c is Contact => c !== null && typeof c === 'object' && !Array.isArray(c));
}
