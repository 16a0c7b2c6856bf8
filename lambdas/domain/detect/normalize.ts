/**
 * Text folding and splitting for detection. Folding keeps string length stable per character
 * where it can, so a match found in the lower-case form can be checked against the cased form.
 */

const ARABIC_VARIANTS: Record<string, string> = {
  '\u064A': '\u06CC', // Arabic yeh -> Persian yeh
  '\u0649': '\u06CC', // alef maksura -> Persian yeh
  '\u0643': '\u06A9', // Arabic kaf -> Persian keheh
  '\u0629': '\u0647', // teh marbuta -> heh
  '\u06C0': '\u0647', // heh with yeh above -> heh
};

/**
 * Folds text for matching: NFKD, combining marks dropped, Arabic/Persian letter variants unified,
 * zero-width joiners and tatweel removed, typographic quotes and dashes made plain. Case kept.
 */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u200B-\u200D\u2060\u0640\uFEFF]/g, '')
    .replace(/[\u064A\u0649\u0643\u0629\u06C0]/g, (c) => ARABIC_VARIANTS[c]!)
    .replace(/[\u2018\u2019\u02BC\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ');
}

/** Lower-cases without changing length (a character whose lower case is longer stays as is). */
export function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (const ch of s) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

/** A piece of text in both folded forms. */
export interface Folded {
  /** Folded, case kept. */
  readonly cased: string;
  /** Folded and lower-cased, same length as `cased`. */
  readonly lower: string;
}

/** Folds text into both forms. */
export function foldBoth(s: string): Folded {
  const cased = fold(s);
  return { cased, lower: lowerSameLength(cased) };
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sr', 'sra', 'srta', 'st', 'gen', 'lt', 'col', 'sgt', 'jr', 'no', 'nº', 'n°',
  'vs', 'etc', 'inc', 'ltd', 'co', 'gov', 'sen', 'rep', 'prof', 'dra', 'ing', 'lic', 'u.s', 'u.k', 'gral',
]);

/** Splits text into sentences at . ! ? followed by a capital, a digit or an opening quote. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?]+["'”»)]?\s+(?=["“«¿¡(]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(start, m.index);
    const lastWord = /([\p{L}.°º]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    // "Mr. Velayati" and initials ("J. Smith") do not end a sentence.
    if (ABBREVIATIONS.has(lastWord) || /^\p{L}$/u.test(lastWord)) continue;
    out.push(text.slice(start, m.index + m[0].length).trim());
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out.filter((s) => s.length > 0);
}

/** How a clause relates to the one before it. */
export type ClauseKind = 'main' | 'relative' | 'where';

/** A clause of a sentence, by offsets into the sentence's folded text. */
export interface Clause {
  readonly start: number;
  readonly end: number;
  readonly kind: ClauseKind;
}

// Clause boundaries: semicolons and colons, coordinated and subordinate clauses after a comma,
// and relative clauses (whose subject is the previous clause's person or place).
const CLAUSE_BREAK =
  /\s*[;:]\s+|,\s+(?=(?:and|y|e|but|pero|although|aunque|while|mientras|cuando|when|who|whom|which|where|que|quien|quienes|donde|en donde)\b)|\s+(?=(?:while|mientras que)\b)/g;

/** Splits a folded lower-case sentence into clauses. */
export function splitClauses(lower: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  let kind: ClauseKind = 'main';
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(lower); m; m = CLAUSE_BREAK.exec(lower)) {
    if (m.index > start) out.push({ start, end: m.index, kind });
    start = m.index + m[0].length;
    const next = lower.slice(start, start + 12);
    kind = /^(where|donde|en donde)\b/.test(next) ? 'where' : /^(who|whom|which|que|quien|quienes)\b/.test(next) ? 'relative' : 'main';
  }
  if (lower.length > start) out.push({ start, end: lower.length, kind });
  return out;
}

/** Escapes text for use inside a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Word-boundary pattern that works for Latin and Arabic script alike. */
export const WB_START = '(?<![\\p{L}\\p{N}])';
export const WB_END = '(?![\\p{L}\\p{N}])';

/** A RegExp source matching a folded phrase, with flexible spaces (and optional spaces in Arabic script). */
export function phrasePattern(phrase: string): string {
  // A zero-width non-joiner in a Persian name may be written as a space, or not at all.
  const f = lowerSameLength(fold(phrase.replace(/\u200C/g, ' '))).trim();
  const parts = f.split(/[\s]+/).map(escapeRe);
  const isArabic = /[\u0600-\u06FF]/.test(f);
  return parts.join(isArabic ? '\\s*' : '[\\s-]+');
}
