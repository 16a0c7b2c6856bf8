/**
 * HTML in feed titles and summaries reduced to plain text, and xml2js nodes flattened to
 * strings. Pure.
 */
import { decodeHTML } from 'entities';

// Inline elements join the words around them ("Vela<b>yati</b>"); others separate words.
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

const TAG = /<\/?([A-Za-z][\w:-]*)(?:\s[^<>]*)?\/?>/g;
const HAS_TAG = /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>/;
const HAS_ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * Removes each `open ... close` block (case-insensitive), an unclosed one to the end. Done with
 * indexOf rather than a lazy regex, which goes quadratic on many unclosed openings.
 */
function dropBlocks(text: string, open: string, close: string, keepInner = false): string {
  const lower = text.toLowerCase();
  let out = '';
  let i = 0;
  for (;;) {
    const start = lower.indexOf(open, i);
    if (start < 0) return out + text.slice(i);
    const end = lower.indexOf(close, start + open.length);
    out += text.slice(i, start) + (keepInner ? text.slice(start + open.length, end < 0 ? text.length : end) : ' ');
    if (end < 0) return out;
    i = end + close.length;
  }
}

function stripTags(html: string): string {
  let text = dropBlocks(html, '<![cdata[', ']]>', true);
  text = dropBlocks(text, '<!--', '-->');
  for (const tag of ['script', 'style', 'noscript', 'template']) text = dropBlocks(text, `<${tag}`, `</${tag}>`);
  return text.replace(TAG, (_whole, name: string) => (INLINE.has(name.toLowerCase()) ? '' : ' '));
}

/**
 * Reduces HTML to plain text: tags, comments, scripts and styles dropped, every HTML entity
 * (named and numeric) decoded, whitespace folded. Escaped markup (`&lt;p&gt;`, as feeds that
 * escape twice send) is decoded and stripped in a second round, as are double-escaped
 * entities (`&amp;eacute;`).
 */
export function htmlToText(html: string): string {
  let text = decodeHTML(stripTags(html));
  if (HAS_TAG.test(text) || HAS_ENTITY.test(text)) text = decodeHTML(stripTags(text));
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/**
 * Text of an xml2js node: a string as is, an element's character data followed by its
 * children's text (attributes ignored). rss-parser passes such nodes through when an element
 * has attributes or child elements (`<title type="html">`, `<guid isPermaLink="false">`).
 */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(textOf).filter(Boolean).join(' ');
  if (typeof node === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === '$') continue;
      const t = textOf(v);
      if (t) parts.push(t);
    }
    return parts.join(' ');
  }
  return '';
}
