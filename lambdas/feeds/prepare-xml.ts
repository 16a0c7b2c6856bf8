/**
 * Text-level steps between decoding and the XML parser: recognise what the document is, apply
 * the entity policy (never expand a declared entity), and repair what real feeds get wrong
 * (HTML named entities, bare ampersands, control characters) so the strict parser accepts them.
 * Pure string functions.
 */
import { decodeHTMLStrict } from 'entities';

/** A document refused before parsing; `message` is one line. */
export class FeedRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedRefusedError';
  }
}

/** Feed dialects casewatch reads. */
export type FeedKind = 'rss' | 'rdf' | 'atom';

/** What the document's first element says it is. */
export type DocumentKind =
  | {
      readonly kind: FeedKind;
      readonly rootName: string;
      readonly rootAttributes: Readonly<Record<string, string>>;
      /** The feed element found inside an XHTML page, to be parsed alone. */
      readonly embedded?: { readonly start: number; readonly end: number };
    }
  | { readonly kind: 'not-feed'; readonly reason: string };

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Attributes of a start tag's attribute text (`a="1" b='2'`). */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    out[m[1]!] = m[3] ?? m[4] ?? '';
  }
  return out;
}

interface DoctypeSpan {
  readonly start: number;
  readonly end: number;
  readonly subset: string;
}

/**
 * Walks the prolog (XML declaration, comments, processing instructions, DOCTYPE, whitespace):
 * where the root element starts, and the DOCTYPE if there is one (`unterminated` if it never ends).
 */
function scanProlog(xml: string): { end: number; doctype?: DoctypeSpan | 'unterminated' } {
  let i = 0;
  let doctype: DoctypeSpan | 'unterminated' | undefined;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return { end: i, doctype };
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return { end: i, doctype };
      i = end + 3;
    } else if (/^<!doctype/i.test(xml.slice(i, i + 9))) {
      const span = doctypeSpan(xml, i);
      if (!span) return { end: i, doctype: 'unterminated' };
      doctype = span;
      i = span.end;
    } else {
      return { end: i, doctype };
    }
  }
}

function skipProlog(xml: string): number {
  return scanProlog(xml).end;
}

/** Start and end of a `<!DOCTYPE ...>` at `start`, internal subset `[...]` and quotes respected. */
function doctypeSpan(xml: string, start: number): DoctypeSpan | undefined {
  let i = start + 9;
  let quote: string | undefined;
  let subsetStart = -1;
  let subsetEnd = -1;
  for (; i < xml.length; i++) {
    const ch = xml[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '[' && subsetStart < 0) {
      subsetStart = i + 1;
      // Skip the internal subset, where `>` closes declarations, not the DOCTYPE.
      const close = findSubsetEnd(xml, subsetStart);
      if (close < 0) return undefined;
      subsetEnd = close;
      i = close;
    } else if (ch === '>') {
      return { start, end: i + 1, subset: subsetStart >= 0 ? xml.slice(subsetStart, subsetEnd) : '' };
    }
  }
  return undefined;
}

function findSubsetEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < xml.length; i++) {
    const ch = xml[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return -1;
      i = end + 2;
    } else if (ch === ']') {
      return i;
    }
  }
  return -1;
}

/** An entity the DOCTYPE's internal subset declares. */
export interface EntityDeclaration {
  readonly name: string;
  readonly parameter: boolean;
  /** Declared with SYSTEM or PUBLIC: its text would come from a file or URL (XXE). */
  readonly external: boolean;
  /** Its value refers to other entities: expanding it multiplies (billion laughs). */
  readonly nested: boolean;
}

/** Entity declarations in a DOCTYPE internal subset. */
export function entityDeclarations(subset: string): EntityDeclaration[] {
  const out: EntityDeclaration[] = [];
  const re = /<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(SYSTEM\b|PUBLIC\b|"([^"]*)"|'([^']*)')/gi;
  for (const m of subset.matchAll(re)) {
    const value = m[4] ?? m[5];
    out.push({
      name: m[2]!,
      parameter: Boolean(m[1]),
      external: value === undefined,
      nested: value !== undefined && /[&%][^\s;]+;/.test(value),
    });
  }
  return out;
}

/**
 * Removes the DOCTYPE, never expanding what it declares. Refused, with a one-line reason, when
 * the document uses a declared entity that is external (XXE: it would read a file or URL) or
 * nested (billion laughs: it would multiply); any other declared entity stays as its literal
 * `&name;` text. Other DOCTYPEs (RSS 0.91's Netscape DTD) are simply dropped.
 */
export function stripDoctype(xml: string): string {
  const span = scanProlog(xml).doctype;
  if (!span) return xml;
  if (span === 'unterminated') throw new FeedRefusedError('malformed XML: unterminated DOCTYPE');
  const body = xml.slice(span.end);
  const decls = entityDeclarations(span.subset);
  const used = (name: string) => body.includes(`&${name};`);
  const xxe = decls.find((d) => !d.parameter && d.external && used(d.name));
  if (xxe) {
    throw new FeedRefusedError(`refused: DOCTYPE declares external entity &${xxe.name}; (XXE); casewatch never expands entities`);
  }
  const bomb = decls.find((d) => !d.parameter && d.nested && used(d.name));
  if (bomb) {
    throw new FeedRefusedError(`refused: DOCTYPE declares nested entity &${bomb.name}; (billion laughs); casewatch never expands entities`);
  }
  return xml.slice(0, span.start) + body;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Makes every `&` well-formed outside CDATA sections: XML's five entities and valid character
 * references stay; an HTML named entity (`&eacute;`, which feeds use without a DTD) becomes
 * its character reference; anything else (a bare `&`, an undeclared or DOCTYPE-declared
 * entity) becomes `&amp;`, so the text keeps the literal characters and nothing is expanded.
 */
export function repairEntities(xml: string): string {
  if (!xml.includes('&')) return xml;
  let out = '';
  let i = 0;
  // CDATA sections are literal text: found with indexOf, an unclosed one runs to the end.
  while (i < xml.length) {
    const start = xml.indexOf('<![CDATA[', i);
    const stop = start < 0 ? xml.length : start;
    out += repairEntitiesInMarkup(xml.slice(i, stop));
    if (start < 0) break;
    const end = xml.indexOf(']]>', start + 9);
    const next = end < 0 ? xml.length : end + 3;
    out += xml.slice(start, next);
    i = next;
  }
  return out;
}

function repairEntitiesInMarkup(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*)?(;?)/g, (whole, ref: string | undefined, semi: string) => {
    if (!ref || !semi) return `&amp;${whole.slice(1)}`;
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return isXmlChar(cp) ? whole : `&amp;${ref};`;
    }
    if (XML_ENTITIES.has(ref)) return whole;
    const decoded = decodeHTMLStrict(whole);
    if (decoded !== whole) return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    return `&amp;${ref};`;
  });
}

/** Drops characters XML 1.0 forbids (control characters other than tab, CR, LF). */
export function stripControlChars(xml: string): string {
  return xml.replace(CONTROL_CHARS, '');
}

const FEED_NAMESPACES: Readonly<Record<string, FeedKind>> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': 'rdf',
  'http://my.netscape.com/rdf/simple/0.9/': 'rdf',
  'http://backend.userland.com/rss': 'rss',
  'http://backend.userland.com/rss2': 'rss',
};

/** Namespace prefixes bound to a feed vocabulary, which the parser should read as unprefixed. */
export function feedNamespacePrefixes(attributes: Readonly<Record<string, string>>): string[] {
  return Object.entries(attributes)
    .filter(([k, v]) => k.startsWith('xmlns:') && FEED_NAMESPACES[v.trim().toLowerCase()] !== undefined)
    .map(([k]) => k.slice(6));
}

/**
 * An Atom or RSS element inside an XHTML page (some sites wrap their feed in a page): its span,
 * from the start tag to the last matching end tag, declaring the feed's namespace or version.
 */
function embeddedFeed(xml: string): DocumentKind | undefined {
  const m = /<(feed|rss|rdf:RDF)(\s[^>]*)>/.exec(xml);
  if (!m) return undefined;
  const name = m[1]!;
  const rootAttributes = parseAttributes(m[2]!);
  const declared =
    name === 'rss' ? 'version' in rootAttributes : Object.values(rootAttributes).some((v) => v in FEED_NAMESPACES || v.toLowerCase() in FEED_NAMESPACES);
  const close = xml.lastIndexOf(`</${name}>`);
  if (!declared || close < m.index) return undefined;
  const kind: FeedKind = name === 'rss' ? 'rss' : name === 'feed' ? 'atom' : 'rdf';
  return { kind, rootName: name, rootAttributes, embedded: { start: m.index, end: close + name.length + 3 } };
}

/** Recognises the document from its first element; says in a few words what a non-feed is. */
export function detectDocument(xml: string): DocumentKind {
  const trimmed = xml.trimStart();
  if (!trimmed) return { kind: 'not-feed', reason: 'empty body' };
  if (trimmed[0] === '{' || trimmed[0] === '[') return { kind: 'not-feed', reason: 'not a feed: JSON document (JSON Feed is not supported)' };
  const sample = xml.slice(0, 4096);
  const controls = sample.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (sample.includes('\u0000') || controls > sample.length / 20) return { kind: 'not-feed', reason: 'not a feed: binary data' };
  if (/^<!doctype\s+html/i.test(trimmed)) return embeddedFeed(xml) ?? { kind: 'not-feed', reason: 'not a feed: HTML document' };
  const i = skipProlog(xml);
  const m = /^<([A-Za-z_][\w.:-]*)([^>]*)>/.exec(xml.slice(i, i + 65536));
  if (!m) {
    if (i >= xml.length) return { kind: 'not-feed', reason: 'not a feed: no root element (only comments or declarations)' };
    if (xml[i] === '<') return { kind: 'not-feed', reason: 'not a feed: no root element' };
    return { kind: 'not-feed', reason: 'not a feed: text, not XML' };
  }
  const rootName = m[1]!;
  const rootAttributes = parseAttributes(m[2]!);
  const local = rootName.includes(':') ? rootName.slice(rootName.indexOf(':') + 1) : rootName;
  const lower = local.toLowerCase();
  if (lower === 'rss') return { kind: 'rss', rootName, rootAttributes };
  if (local === 'RDF' || lower === 'rdf') return { kind: 'rdf', rootName, rootAttributes };
  if (lower === 'feed') return { kind: 'atom', rootName, rootAttributes };
  if (lower === 'html' || lower === 'head' || lower === 'body') return embeddedFeed(xml) ?? { kind: 'not-feed', reason: 'not a feed: HTML document' };
  if (lower === 'opml') return { kind: 'not-feed', reason: 'not a feed: OPML outline (a list of feeds, not a feed)' };
  return { kind: 'not-feed', reason: `not a feed: root element <${rootName}>` };
}

/** Cleans a decoded document for the strict parser. Throws FeedRefusedError on an entity attack. */
export function prepareXml(text: string): string {
  return repairEntities(stripDoctype(stripControlChars(text).trimStart()));
}

const TOKEN =
  /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<![^>]*>|<\/\s*([A-Za-z_][\w:.-]*)\s*>|<([A-Za-z_][\w:.-]*)((?:\s+[^\s=>/<]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=>/<]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;

/** Deeper than any real feed; keeps a rebuilt document from nesting thousands of unclosed tags. */
const MAX_RECOVERED_DEPTH = 64;

function escapeAttribute(value: string): string {
  return value.replace(/&(?![#\w]+;)/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function recoverAttributes(text: string): string {
  const seen = new Set<string>();
  let out = '';
  for (const m of text.matchAll(ATTRIBUTE)) {
    const name = m[1]!;
    if (seen.has(name)) continue;
    seen.add(name);
    const raw = m[2] ?? name;
    const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    out += ` ${name}="${escapeAttribute(value)}"`;
  }
  return out;
}

/**
 * Rebuilds a malformed document's markup so a strict parser accepts it, keeping all its text:
 * a stray end tag is dropped, an end tag closes the elements left open inside it, a truncated
 * document gets its open elements closed, a bare `<` in text is escaped, attributes are quoted
 * and de-duplicated; open tags beyond 64 levels are kept as text. Used only after the strict
 * parse failed.
 */
export function recoverMarkup(xml: string): string {
  const stack: string[] = [];
  let out = '';
  let last = 0;
  const text = (s: string) => s.replace(/</g, '&lt;');
  for (const m of xml.matchAll(TOKEN)) {
    out += text(xml.slice(last, m.index));
    last = m.index + m[0].length;
    const [token, closeName, openName, attrs, selfClose] = m;
    if (closeName) {
      const at = stack.lastIndexOf(closeName);
      if (at < 0) continue;
      while (stack.length > at) out += `</${stack.pop()}>`;
    } else if (openName && stack.length >= MAX_RECOVERED_DEPTH) {
      // Unclosed tags by the thousand are text that looks like markup, not a feed's structure.
      out += text(token).replace(/>/g, '&gt;');
    } else if (openName) {
      out += `<${openName}${recoverAttributes(attrs ?? '')}${selfClose ? '/' : ''}>`;
      if (!selfClose) stack.push(openName);
    } else if (token.startsWith('<![CDATA[')) {
      out += token.endsWith(']]>') ? token : `${token}]]>`;
    } else if (token.startsWith('<!--')) {
      out += token.endsWith('-->') && token.length >= 7 ? token : `${token}-->`;
    } else if (token.startsWith('<?')) {
      out += token.endsWith('?>') ? token : '';
    }
    // Other declarations (<!DOCTYPE, <!ENTITY outside a subset) are dropped.
  }
  const rest = xml.slice(last);
  // A truncated tag at the very end ("</rss") is cut, then every open element closed.
  out += text(rest.replace(/<[^>]*$/, ''));
  while (stack.length) out += `</${stack.pop()}>`;
  return out;
}
