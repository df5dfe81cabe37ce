import type { PhoneEntry } from './entries.js';
import type { Messages } from './i18n.js';
import type { Page } from './paging.js';

/** What the menu and input documents are made of. */
export interface InputDocument {
  readonly t: Messages;
  /** The next step's URL (the `Proxy-URL`, or this URL with its step replaced), without query. */
  readonly base: string;
  readonly userUuid: string;
  /** `base` with `?xivo_user_uuid=`: where the phone goes next (it appends `&term=` itself). */
  readonly url: string;
}

/** What a results document is made of: one page of entries, and the URLs of the pages around it. */
export interface ResultsDocument {
  readonly t: Messages;
  readonly page: Page<PhoneEntry>;
  readonly previousUrl: string | undefined;
  readonly nextUrl: string | undefined;
}

/** A lookup's search term and page, as read from the query string. */
export interface LookupQuery {
  readonly term: string;
  readonly limit: number | undefined;
  readonly offset: number;
}

/** How a vendor's phones ask (query string) when they do not send xivo-dird's `term`, `limit` and `offset`. */
export interface VendorQuery {
  /** JSON Schema of the query string (Fastify validates it: a 400 in the common error shape). */
  readonly schema: Record<string, unknown>;
  read(query: Record<string, unknown>): LookupQuery;
}

/** One vendor's phone directory: its documents, their content type, and the default page size. */
export interface PhoneVendor {
  /** The last segment of its URLs (`cisco`). */
  readonly name: string;
  readonly contentType: string;
  /** Entries per page when the phone sends no `limit`; undefined: all of them. */
  readonly defaultLimit: number | undefined;
  /** True when its results link the previous and next pages (the paging soft keys). */
  readonly pages: boolean;
  /** The menu document, for vendors that have one (Cisco). */
  readonly menu?: (doc: InputDocument) => string;
  /** The input screen, for vendors that have one. */
  readonly input?: (doc: InputDocument) => string;
  readonly results: (doc: ResultsDocument) => string;
  readonly query?: VendorQuery;
}

/** The content type of the XML documents. */
export const XML_TYPE = 'text/xml; charset=utf-8';
