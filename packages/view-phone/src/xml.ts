/**
 * What must not appear raw in XML or HTML text and attribute values: the markup characters, and the
 * characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF; unpaired
 * surrogates), which would make a phone's parser refuse the whole directory.
 */
const UNSAFE =
  /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The characters that may start an {@link UNSAFE} match: a value without any is left as it is. */
const SUSPECT = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * `value` made safe inside XML (and HTML) text or a quoted attribute: markup characters become entities,
 * characters XML forbids become U+FFFD. Every value a phone document carries goes through here.
 */
export function x(value: string | number): string {
  const text = String(value);
  return SUSPECT.test(text) ? text.replace(UNSAFE, (c) => ENTITIES[c] ?? '\uFFFD') : text;
}

/** The XML declaration every XML answer starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>\n';
