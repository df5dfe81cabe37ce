import type { RequestContext, SourceResult } from '@dird/core';

/** A personal contact: attribute name → value (strings), with its `id`. */
export type PersonalContact = Readonly<Record<string, string>>;

/** A line of an import that created nothing, and why (xivo-dird's shape). */
export interface ImportFailure {
  /** The physical line of the CSV body, the header being line 1. */
  readonly line: number;
  readonly errors: readonly string[];
}

/** What an import did: the contacts created, and the lines that were not. */
export interface ImportReport {
  readonly created: PersonalContact[];
  readonly failed: ImportFailure[];
}

/** Options of every personal call: the request, whose user the contacts are. */
export interface PersonalOptions {
  readonly context: RequestContext;
}

/**
 * The `personal` service's contract: what its `load` returns, and what views get with
 * `serviceRef<PersonalService>('personal')`. Import it as a type only. Contacts belong to the request's user
 * (`context.identity.userUuid`): every call refuses an anonymous request (401), never shows or changes another
 * user's contacts (their ids are 404 as unknown ones), and answers 503 while the user store is down.
 */
export interface PersonalService {
  /** Checks and stores a new contact under a new id (an `id` in `body` is ignored); 400 lists every rule broken. */
  create(body: unknown, options: PersonalOptions): Promise<PersonalContact>;
  /** One contact; 404 when the user has no contact with that id. */
  get(id: string, options: PersonalOptions): Promise<PersonalContact>;
  /** Replaces a contact whole, keeping its id: checked first (400), then looked for (404). */
  replace(id: string, body: unknown, options: PersonalOptions): Promise<PersonalContact>;
  /** Deletes a contact; 404 when the user has none with that id. */
  remove(id: string, options: PersonalOptions): Promise<void>;
  /** Deletes every contact of the user. */
  purge(options: PersonalOptions): Promise<void>;
  /** Every contact of the user, in creation order. */
  list(options: PersonalOptions): Promise<PersonalContact[]>;
  /**
   * Creates a contact per line of a CSV text (header first): the valid lines are created together, the others
   * reported. A 400 whose reasons are the failures (or `No contact found`) when nothing can be created.
   */
  importCsv(text: string, options: PersonalOptions): Promise<ImportReport>;
  /** Every contact of the user as results of the `personal` source (its format columns), to render with a display. */
  results(options: PersonalOptions): Promise<SourceResult[]>;
}
