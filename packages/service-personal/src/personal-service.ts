import {
  Deadline,
  HttpError,
  type BaseSourcePlugin,
  type Metrics,
  type RequestContext,
  type SourceResult,
} from '@dird/core';
import type { ContactFields, UserStore } from '@dird/service-user-store/contract';
import type { ImportReport, PersonalContact, PersonalOptions, PersonalService } from './contract.js';
import { importLines, parseFailures } from './csv-import.js';
import { contactProblems } from './validation.js';

/** How long the list of a user's contacts as results may take (they are read from the user store). */
const RESULTS_TIMEOUT_MS = 10_000;

/** What the service is given at load. */
export interface PersonalServiceSettings {
  readonly store: UserStore;
  /** The first loaded source of backend `personal`, which formats contacts as results; none: no results. */
  readonly source: BaseSourcePlugin | undefined;
  readonly importMaxContacts: number;
  readonly metrics: Metrics;
}

/** The personal contacts of each user, checked here and kept in the user store. */
export class StoredPersonalService implements PersonalService {
  constructor(private readonly settings: PersonalServiceSettings) {}

  async create(body: unknown, { context }: PersonalOptions): Promise<PersonalContact> {
    const user = userOf(context);
    const fields = this.checked(body);
    const [created] = await this.settings.store.createContacts(user, [fields]);
    return created;
  }

  async get(id: string, { context }: PersonalOptions): Promise<PersonalContact> {
    const contact = await this.settings.store.getContact(userOf(context), id);
    if (!contact) throw noSuchContact(id);
    return contact;
  }

  async replace(id: string, body: unknown, { context }: PersonalOptions): Promise<PersonalContact> {
    const user = userOf(context);
    const fields = this.checked(body);
    const replaced = await this.settings.store.replaceContact(user, id, fields);
    if (!replaced) throw noSuchContact(id);
    return replaced;
  }

  async remove(id: string, { context }: PersonalOptions): Promise<void> {
    if (!(await this.settings.store.deleteContact(userOf(context), id))) throw noSuchContact(id);
  }

  async purge({ context }: PersonalOptions): Promise<void> {
    await this.settings.store.purgeContacts(userOf(context));
  }

  async list({ context }: PersonalOptions): Promise<PersonalContact[]> {
    return this.settings.store.listContacts(userOf(context));
  }

  async importCsv(text: string, { context }: PersonalOptions): Promise<ImportReport> {
    const user = userOf(context);
    const lines = importLines(text);
    const failed = parseFailures(lines);
    const valid: { line: number; fields: ContactFields }[] = [];
    for (const entry of lines) {
      if (!('fields' in entry)) continue;
      const problems = contactProblems(entry.fields, this.settings.store.limits);
      if (problems.length > 0) failed.push({ line: entry.line, errors: problems });
      else valid.push({ line: entry.line, fields: entry.fields });
    }
    failed.sort((a, b) => a.line - b.line);
    if (valid.length > this.settings.importMaxContacts) {
      throw new HttpError(400, [
        `the file holds ${valid.length} contacts; one import creates at most ${this.settings.importMaxContacts} ` +
          '(services.personal.import_max_contacts): split it',
      ]);
    }
    if (valid.length === 0) throw new HttpError(400, failed.length > 0 ? failed : ['No contact found']);
    // The valid lines are created together: all of them, or none when the store fails (503).
    const created = await this.settings.store.createContacts(
      user,
      valid.map((v) => v.fields),
    );
    return { created, failed };
  }

  async results({ context }: PersonalOptions): Promise<SourceResult[]> {
    const user = userOf(context);
    const { source } = this.settings;
    if (!source) return [];
    const ids = (await this.settings.store.listContacts(user)).map((c) => c.id);
    if (ids.length === 0) return [];
    const deadline = new Deadline(RESULTS_TIMEOUT_MS, { context, metrics: this.settings.metrics });
    try {
      const outcome = await deadline.run(() => source.list(ids, deadline.sourceArgs({}, context)), {
        source,
        call: 'list',
      });
      if (outcome.status === 'ok') return outcome.value;
      if (outcome.status === 'error') throw outcome.error;
      throw new HttpError(503, [`listing the personal contacts took longer than ${RESULTS_TIMEOUT_MS / 1000} s`]);
    } finally {
      deadline.release();
    }
  }

  private checked(body: unknown): ContactFields {
    const problems = contactProblems(body, this.settings.store.limits);
    if (problems.length > 0) throw new HttpError(400, problems);
    return body as ContactFields;
  }
}

function noSuchContact(id: string): HttpError {
  return new HttpError(404, [`No such personal contact: \`${id}\``]);
}

/** The request's user; a 401 for an anonymous request (personal contacts belong to a user). */
function userOf(context: RequestContext): string {
  const user = context.identity.userUuid;
  if (!user) {
    throw new HttpError(401, ['Personal contacts belong to a user: this request has none (no authentication)']);
  }
  return user;
}
