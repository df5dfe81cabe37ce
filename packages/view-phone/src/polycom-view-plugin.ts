import { PhoneViewPlugin } from './phone-view-plugin.js';
import type { InputDocument, PhoneVendor, ResultsDocument } from './vendor.js';
import { x } from './xml.js';

// Polycom's microbrowser reads (X)HTML. The pages are HTML 4.01 Transitional, as xivo-dird's, and written
// well-formed (every element closed) so that the microbrowser's strict parser takes them too.
const DOCTYPE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n';

function page(title: string, body: string): string {
  return (
    `${DOCTYPE}<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n` +
    `<title>${x(title)}</title>\n</head>\n<body>\n${body}</body>\n</html>\n`
  );
}

function input({ t, base, userUuid }: InputDocument): string {
  return page(
    t.search,
    `<form action="${x(base)}" method="get" accept-charset="utf-8">\n<p>\n` +
      `<label for="it-term">${x(t.nameOrNumberPrompt)}</label>\n` +
      '<input type="text" name="term" id="it-term" />\n' +
      `<input type="hidden" name="xivo_user_uuid" value="${x(userUuid)}" />\n` +
      `<input type="submit" value="${x(t.searchButton)}" />\n</p>\n</form>\n`,
  );
}

function link(url: string, text: string): string {
  return `<li>[<a href="${x(url)}" title="${x(text)}">${x(text)}</a>]<br /></li>\n`;
}

function results({ t, page: p, previousUrl, nextUrl }: ResultsDocument): string {
  let list = '<ol>\n';
  if (previousUrl !== undefined) list += link(previousUrl, t.previousPage);
  for (const e of p.entries) list += `<li><a href="tel://${x(e.number)}">${x(e.name)}</a><br /></li>\n`;
  if (p.entries.length === 0) list += `<li>${x(t.noEntries)}<br /></li>\n`;
  if (nextUrl !== undefined) list += link(nextUrl, t.nextPage);
  return page(t.search, `${list}</ol>\n`);
}

/** Polycom phones (an HTML form, then an HTML list of `tel://` links): 16 entries a page. */
export const polycom: PhoneVendor = {
  name: 'polycom',
  contentType: 'text/html; charset=utf-8',
  defaultLimit: 16,
  pages: true,
  input,
  results,
};

/** The `polycom_view` view: the input and lookup pages of Polycom phones. */
export class PolycomViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = polycom;
}
