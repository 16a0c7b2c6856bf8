/**
 * Bytes to text for feed bodies: gunzip a body that is itself a gzip file, pick the charset
 * (BOM, Content-Type header, XML prolog, UTF-16/32 sniffing, else UTF-8) and decode it,
 * legacy charsets included. Pure: no I/O.
 */
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

/** Default cap on a body after decompression. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A body that cannot be turned into text; `message` is one line. */
export class FeedDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedDecodeError';
  }
}

/** Decoded text and how it was decoded. */
export interface DecodedBody {
  readonly text: string;
  /** Charset actually used, canonical lower-case name ("utf-8", "windows-1252"). */
  readonly charset: string;
  /** Where the charset came from. */
  readonly charsetSource: 'bom' | 'header' | 'prolog' | 'sniffed' | 'default';
  /** Whether the body was a gzip file that was gunzipped. */
  readonly gunzipped: boolean;
  /** Things a user may want to know (an unknown charset label read as UTF-8). */
  readonly notes: readonly string[];
}

/** "1.5 MB" style size for one-line messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Whether the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gunzips a body that is itself a gzip file (a `.xml.gz` served as-is, not transfer-encoded).
 * The output is capped at `maxBytes` so a gzip bomb fails instead of filling memory.
 */
export function gunzipIfNeeded(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): { bytes: Uint8Array; gunzipped: boolean } {
  if (!isGzip(bytes)) return { bytes, gunzipped: false };
  try {
    const out = gunzipSync(bytes, { maxOutputLength: maxBytes });
    return { bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), gunzipped: true };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new FeedDecodeError(`body larger than ${formatBytes(maxBytes)} after gunzip`, { cause: err });
    }
    throw new FeedDecodeError(`cannot gunzip: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

/** The `charset` parameter of a Content-Type header, unquoted and lower-cased. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("([^"]*)"|'([^']*)'|([^;\s]*))/i.exec(contentType);
  const label = (m?.[2] ?? m?.[3] ?? m?.[4] ?? '').trim().toLowerCase();
  return label || undefined;
}

const BOMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** Charset named by a byte-order mark, with the BOM's length. */
export function charsetFromBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  for (const [bom, charset] of BOMS) {
    if (bom.every((b, i) => bytes[i] === b)) return { charset, length: bom.length };
  }
  return undefined;
}

/**
 * UTF-16/32 without a BOM, recognised by where the zero bytes fall around the first `<`
 * (the XML spec's appendix F autodetection).
 */
function sniffWideCharset(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0 && b === 0 && c === 0 && d !== 0) return 'utf-32be';
  if (a !== 0 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  return undefined;
}

/** The `encoding` pseudo-attribute of an XML declaration in an ASCII-compatible body. */
export function charsetFromProlog(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  const m = /<\?xml\s[^>]*?encoding\s*=\s*["']\s*([^"'\s]+)\s*["']/i.exec(head);
  return m?.[1]?.toLowerCase();
}

/**
 * Canonical decoder name for a charset label, or undefined if unknown. Latin-1 and ASCII are
 * read as windows-1252, as browsers do: servers label cp1252 text (curly quotes, euro) as Latin-1.
 */
export function normalizeCharset(label: string): string | undefined {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp819', 'ibm819'].includes(l)) {
    return 'windows-1252';
  }
  if (['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(l)) return 'utf-8';
  // Only a BOM or the byte pattern can say which UTF-16/32 order; the label alone cannot.
  if (/^(utf[-_]?(16|32)|ucs-?[24]|unicode)/.test(l)) return l.includes('32') || l.includes('4') ? 'utf-32' : 'utf-16';
  return iconv.encodingExists(l) ? l : undefined;
}

const WIDE = /^utf-(16|32)/;

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a feed body. Charset order: a BOM or UTF-16/32 byte pattern (certain), the
 * Content-Type header's charset, the XML prolog's `encoding`, else UTF-8 (windows-1252 if
 * the bytes are not valid UTF-8). An unknown label falls back to
 * UTF-8 with a note; a prolog claiming UTF-16/32 in a body readable as ASCII is ignored (the
 * body cannot be UTF-16 if its declaration is readable byte by byte).
 */
export function decodeBody(input: Uint8Array, contentType?: string, maxBytes = DEFAULT_MAX_BYTES): DecodedBody {
  const { bytes, gunzipped } = gunzipIfNeeded(input, maxBytes);
  const notes: string[] = [];
  let charset: string | undefined;
  let charsetSource: DecodedBody['charsetSource'] = 'default';
  let start = 0;

  const bom = charsetFromBom(bytes);
  const wide = sniffWideCharset(bytes);
  if (bom) {
    charset = bom.charset;
    charsetSource = 'bom';
    start = bom.length;
  } else if (wide) {
    // Zero bytes around the first `<` cannot be an 8-bit charset, whatever a header says.
    charset = wide;
    charsetSource = 'sniffed';
  }
  if (!charset) {
    const label = charsetFromContentType(contentType);
    if (label) {
      const c = normalizeCharset(label);
      // A header saying UTF-16 over a body without BOM or wide pattern is wrong; ignore it.
      if (c && !WIDE.test(c)) {
        charset = c;
        charsetSource = 'header';
      } else if (!c) {
        notes.push(`unknown charset "${label}" in Content-Type, ignored`);
      }
    }
  }
  if (!charset) {
    const label = charsetFromProlog(bytes);
    if (label) {
      const c = normalizeCharset(label);
      if (c && !WIDE.test(c)) {
        charset = c;
        charsetSource = 'prolog';
      } else if (!c) {
        notes.push(`unknown charset "${label}" in XML declaration, read as UTF-8`);
      }
    }
  }
  charset ??= 'utf-8';

  const body = bytes.subarray(start);
  let text: string;
  if (charset === 'utf-8' && charsetSource === 'default' && !isValidUtf8(body)) {
    // Nothing declared and not UTF-8: almost always a Western legacy feed that forgot its charset.
    charset = 'windows-1252';
    notes.push('no charset declared and not valid UTF-8, read as windows-1252');
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), charset);
  } else if (charset === 'utf-8') {
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(body);
  } else {
    text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), charset, { stripBOM: true });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, charset, charsetSource, gunzipped, notes };
}
