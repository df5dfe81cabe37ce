import { SaxesParser } from 'saxes';

/** An element of a parsed document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's text, its descendants' included, as the parser decoded it (entities resolved). */
  text: string;
}

/** A parsed document: its doctype (if any) and its root element. */
export interface XmlDocument {
  readonly doctype: string | undefined;
  readonly declaration: { version?: string; encoding?: string } | undefined;
  readonly root: XmlElement;
}

/**
 * Parses `text` with saxes, a conformant XML 1.0 parser: anything not well-formed (a raw `&` or `<`, a
 * character XML forbids, an unclosed or extra element, an undefined entity) throws.
 */
export function parseXml(text: string): XmlDocument {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let doctype: string | undefined;
  let declaration: XmlDocument['declaration'];
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('xmldecl', (decl) => (declaration = { version: decl.version, encoding: decl.encoding }));
  parser.on('doctype', (d) => (doctype = d.trim()));
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: { ...tag.attributes } as Record<string, string>,
      children: [],
      text: '',
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (t) => {
    for (const open of stack) open.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return { doctype, declaration, root };
}

/** The children of `element` named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The only child of `element` named `name` (throws when there is none or more than one). */
export function child(element: XmlElement, name: string): XmlElement {
  const found = childrenNamed(element, name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>, expected 1`);
  return found[0];
}

/** Every descendant of `element` named `name`, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.children) {
    if (c.name === name) out.push(c);
    out.push(...descendants(c, name));
  }
  return out;
}

/** The trimmed text of `element`'s child `name`. */
export function textOf(element: XmlElement, name: string): string {
  return child(element, name).text.trim();
}
