import {
  BaseSourcePlugin,
  ResultBuilder,
  serviceRef,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import type { ContactFields, UserStore } from '@dird/service-user-store/contract';
import { PersonalConfigSchema, type PersonalConfig } from './config.js';

const userStore = serviceRef<UserStore>('user_store');

/**
 * The `personal` backend: the personal contacts of the user a request is made for, in the user store. `search`
 * finds the term in the `searched_columns` ignoring case and accents; `firstMatch` compares the
 * `first_matched_columns` with the number's spellings, formatting ignored, as the other backends do; `list` finds
 * contacts by id. A request without a user (no authentication) finds nothing. When the store is down every
 * call fails at once, so a lookup drops this source and answers with the others.
 */
export class PersonalSourcePlugin extends BaseSourcePlugin<PersonalConfig> {
  static override readonly configSchema = PersonalConfigSchema;
  static override readonly needs = [userStore];
  static override readonly supportsOffset = true;

  private store!: UserStore;
  private searched: readonly string[] = [];
  private matched: readonly string[] = [];
  private builder!: ResultBuilder;

  load({ config, services, logger }: SourceLoadArgs<PersonalConfig>): void {
    this.store = services.require(userStore);
    this.searched = (config.searched_columns ?? []).filter((c): c is string => typeof c === 'string' && c !== '');
    this.matched = (config.first_matched_columns ?? []).filter((c): c is string => typeof c === 'string' && c !== '');
    if (config.unique_column !== undefined && config.unique_column !== 'id') {
      logger.warn(
        { unique_column: config.unique_column },
        `unique_column ${config.unique_column} ignored: personal contacts are always known by their id`,
      );
    }
    if (this.searched.length === 0) logger.warn('no searched_columns: searches will find no personal contact');
    this.builder = new ResultBuilder({
      source: this.name,
      backend: this.backend,
      uniqueColumn: 'id',
      formatColumns: config.format_columns,
      isPersonal: true,
      logger,
    });
  }

  async search(term: string, { context, limit, offset }: SourceCallArgs): Promise<SourceResult[]> {
    const user = context.identity.userUuid;
    if (!user || this.searched.length === 0) return [];
    const cleaned = term.replace(/[\x00-\x1f]/g, '');
    // A term made only of characters dropped from it matches nothing, rather than every contact.
    if (cleaned === '' && term !== '') return [];
    const contacts = await this.store.searchContacts(user, { term: cleaned, columns: this.searched, limit, offset });
    return contacts.map((c) => this.result(c));
  }

  override async firstMatch(exten: string, { context, candidates }: SourceCallArgs): Promise<SourceResult | null> {
    const user = context.identity.userUuid;
    if (!user || this.matched.length === 0) return null;
    const contact = await this.store.findContactByNumber(user, {
      candidates: candidates ?? [exten],
      columns: this.matched,
    });
    return contact ? this.result(contact) : null;
  }

  override async list(uniqueIds: readonly string[], { context }: SourceCallArgs): Promise<SourceResult[]> {
    const user = context.identity.userUuid;
    if (!user || uniqueIds.length === 0) return [];
    return (await this.store.listContacts(user, uniqueIds)).map((c) => this.result(c));
  }

  /** xivo-dird drops the empty attributes of a personal contact: its columns then show their default. */
  private result(contact: ContactFields): SourceResult {
    const fields = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== ''));
    return this.builder.build(fields);
  }
}
