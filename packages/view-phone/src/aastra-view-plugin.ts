import { PhoneViewPlugin } from './phone-view-plugin.js';
import type { InputDocument, PhoneVendor, ResultsDocument } from './vendor.js';
import { XML_TYPE } from './vendor.js';
import { x, XML_DECLARATION } from './xml.js';

function input({ t, url }: InputDocument): string {
  return (
    `${XML_DECLARATION}<AastraIPPhoneInputScreen type="string" editable="yes">\n<Title>${x(t.search)}</Title>\n` +
    `<Prompt>${x(t.nameOrNumberPrompt)}</Prompt>\n<URL>${x(url)}</URL>\n<Parameter>term</Parameter>\n` +
    '</AastraIPPhoneInputScreen>\n'
  );
}

function item(prompt: string, uri: string): string {
  return `<MenuItem>\n<Prompt>${x(prompt)}</Prompt>\n<URI>${x(uri)}</URI>\n</MenuItem>\n`;
}

function results({ t, page, previousUrl, nextUrl }: ResultsDocument): string {
  let out = `${XML_DECLARATION}<AastraIPPhoneTextMenu style="none" destroyOnExit="yes">\n`;
  if (previousUrl !== undefined) out += item(t.previousPage, previousUrl);
  for (const e of page.entries) out += item(e.name, `Dial:${e.number}`);
  if (page.entries.length === 0) out += item(t.noEntries, '');
  if (nextUrl !== undefined) out += item(t.nextPage, nextUrl);
  return `${out}</AastraIPPhoneTextMenu>\n`;
}

/** Aastra phones (AastraIPPhoneInputScreen, AastraIPPhoneTextMenu): 16 entries a page. */
export const aastra: PhoneVendor = {
  name: 'aastra',
  contentType: XML_TYPE,
  defaultLimit: 16,
  pages: true,
  input,
  results,
};

/** The `aastra_view` view: the input and lookup documents of Aastra phones. */
export class AastraViewPlugin extends PhoneViewPlugin {
  protected readonly vendor = aastra;
}
