/**
 * Who an item names: every alias and spelling of each accused (Latin and Persian/Arabic script),
 * surname-only mentions when the item ties them to the case, role phrases from the record, and
 * refusals: namesakes, phrases that are not names, and a surname after someone else's given name.
 */
import type { Accused, CaseRecord } from '../types.ts';
import { fold, lowerSameLength, phrasePattern, WB_END, WB_START } from './normalize.ts';
import { isPlaceName } from './places.ts';

/** How an accused was named. */
export type MentionKind = 'full' | 'surname' | 'role';

/** One mention of an accused in a folded sentence. */
export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly accused: string;
  readonly kind: MentionKind;
  /** The text as written. */
  readonly alias: string;
}

interface AliasEntry {
  readonly accused: string;
  readonly kind: MentionKind;
  readonly latin: boolean;
  /** Starts with one of his given names ("Mohsen Rezai"), so a word before it is a title, not a name. */
  readonly startsWithGivenName: boolean;
  /** The alias is also a place name ("El Alto"). */
  readonly place: boolean;
}

/** Per-record tables, compiled once and cached by record object. */
export interface NameTables {
  /** Any alias, surname or role phrase: the fast "does this item name anyone" test. */
  readonly anyRe: RegExp;
  readonly aliasRe: RegExp;
  readonly aliasMap: Map<string, AliasEntry[]>;
  readonly maskRe: RegExp | null;
  readonly contextRe: RegExp | null;
  /** Lower-case name tokens of each accused (given names he may be called by). */
  readonly nameTokens: Map<string, Set<string>>;
  readonly accused: Map<string, Accused>;
}

// Capitalised words that may stand before a surname without being another person's given name.
const NOT_GIVEN_NAMES = new Set(
  (
    'the a an in on at of for to by from with and or but as when while after before since during ' +
    'el la los las lo un una unos unas en de del al y e o pero con por para segun sin sobre tras ante desde hasta como cuando mientras ' +
    'president presidente presidenta minister ministro ministra judge juez jueza general commander comandante ayatollah ayatola ' +
    'sheikh jeque mr mrs ms dr sr sra senor don dona former ex then iranian irani iran lebanese libanes ambassador embajador ' +
    'canciller envoy adviser advisor asesor vice vicepresidente deputy chief jefe colonel coronel brigadier cleric hojatoleslam ' +
    'prosecutor fiscal interior defense defence foreign intelligence senior top official funcionario suspect sospechoso ' +
    'accused acusado imputado fugitive profugo both ambos also tambien yesterday ayer today hoy last this that ese esa este esta ' +
    'amia interpol argentina argentine argentino tehran teheran according mientras hezbollah hezbola minister-designate ' +
    'monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado domingo ' +
    'january february march april may june july august september october november december enero febrero marzo abril mayo ' +
    'junio julio agosto septiembre setiembre octubre noviembre diciembre meanwhile however but if although aunque si ' +
    'said says dijo afirmo where donde who quien which cual whom whose cuyo its his her their su sus'
  ).split(/\s+/),
);

const LOCATIVE_BEFORE = /\b(in|at|to|from|near|en|de|del|a|al|desde|hacia|cerca de|aeropuerto de|airport)\s+$/;

const cache = new WeakMap<CaseRecord, NameTables>();

function tokensOf(s: string): string[] {
  return lowerSameLength(fold(s)).split(/[\s-]+/).filter(Boolean);
}

function keyOf(s: string): string {
  return s.replace(/[\s-]+/g, ' ');
}

/** Compiles the record's names; cached, so call it freely. */
export function nameTables(record: CaseRecord): NameTables {
  const hit = cache.get(record);
  if (hit) return hit;
  const aliasMap = new Map<string, AliasEntry[]>();
  const patterns = new Map<string, string>();
  const nameTokens = new Map<string, Set<string>>();
  const givenNames = new Map<string, Set<string>>();
  for (const a of record.accused) {
    const first = [a.name, ...a.aliases].map(tokensOf).filter((ts) => ts.length > 1 && !/^(el|al|abu|bin|ibn)$/.test(ts[0]!)).map((ts) => ts[0]!);
    givenNames.set(a.id, new Set(first));
  }
  const add = (phrase: string, accused: string, kind: MentionKind): void => {
    const latin = !/[\u0600-\u06FF]/.test(phrase);
    // An alias that is also a place ("El Alto") is read like a surname, and never after "in"/"de".
    const place = kind !== 'role' && latin && isPlaceName(phrase);
    if (place) kind = 'surname';
    const startsWithGivenName = kind === 'full' && givenNames.get(accused)!.has(tokensOf(phrase)[0]!);
    const key = keyOf(lowerSameLength(fold(phrase.replace(/\u200C/g, ' '))).trim());
    if (!key) return;
    const list = aliasMap.get(key) ?? [];
    if (!list.some((e) => e.accused === accused)) list.push({ accused, kind, latin, startsWithGivenName, place });
    aliasMap.set(key, list);
    patterns.set(key, phrasePattern(phrase));
  };
  for (const a of record.accused) {
    const tokens = new Set<string>();
    for (const n of [a.name, ...a.aliases, ...a.nativeNames]) {
      // A one-word alias ("Velayatí", "ولایتی") is a surname: it needs the case's context.
      add(n, a.id, tokensOf(n).length > 1 ? 'full' : 'surname');
      if (tokensOf(n).length > 1) for (const t of tokensOf(n)) tokens.add(t);
    }
    for (const s of a.surnames) add(s, a.id, tokensOf(s).length > 1 && !/^(el|al|abu|bin|ibn) /i.test(s) ? 'full' : 'surname');
    for (const r of a.roleTerms) add(r, a.id, 'role');
    nameTokens.set(a.id, tokens);
  }
  // Longest first, so "Akbar Hashemi Rafsanjani" wins over "Hashemi Rafsanjani" at the same place.
  const alternation = [...patterns.entries()].sort((x, y) => y[0].length - x[0].length).map(([, p]) => p).join('|');
  const aliasRe = new RegExp(`${WB_START}(${alternation})${WB_END}`, 'gu');
  const masks = [...record.namesakes, ...record.notNames];
  const maskRe = masks.length
    ? new RegExp(`${WB_START}(${masks.map(phrasePattern).sort((x, y) => y.length - x.length).join('|')})${WB_END}`, 'gu')
    : null;
  const contextRe = record.contextTerms.length
    ? new RegExp(`${WB_START}(${record.contextTerms.map(phrasePattern).join('|')})${WB_END}`, 'u')
    : null;
  const tables: NameTables = {
    anyRe: new RegExp(`${WB_START}(${alternation})${WB_END}`, 'u'),
    aliasRe,
    aliasMap,
    maskRe,
    contextRe,
    nameTokens,
    accused: new Map(record.accused.map((a) => [a.id, a])),
  };
  cache.set(record, tables);
  return tables;
}

/** Spans of namesakes and not-names in a folded lower-case text. */
export function maskedSpans(t: NameTables, lower: string): [number, number][] {
  if (!t.maskRe) return [];
  const out: [number, number][] = [];
  t.maskRe.lastIndex = 0;
  for (let m = t.maskRe.exec(lower); m; m = t.maskRe.exec(lower)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** A candidate mention before the item-level context check. */
export interface RawMention extends Mention {
  readonly latin: boolean;
}

/** Whether most words of a sentence are capitalised (a headline in title case). */
export function isTitleCase(cased: string): boolean {
  const words = cased.match(/\p{L}{4,}/gu) ?? [];
  if (words.length < 4) return false;
  const caps = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return caps / words.length >= 0.6;
}

/**
 * Finds candidate mentions in one folded sentence: namesake and not-name spans are skipped, and a
 * surname preceded by a capitalised given name that is not one of his is another person.
 */
export function findRawMentions(t: NameTables, cased: string, lower: string): RawMention[] {
  const masks = maskedSpans(t, lower);
  const titleCase = isTitleCase(cased);
  const out: RawMention[] = [];
  t.aliasRe.lastIndex = 0;
  for (let m = t.aliasRe.exec(lower); m; m = t.aliasRe.exec(lower)) {
    const start = m.index;
    const end = start + m[0].length;
    if (masks.some(([a, b]) => start < b && end > a)) continue;
    const entries = t.aliasMap.get(keyOf(m[0])) ?? [];
    // A name is written with capitals: "el alto tribunal" is not the alias "El Alto".
    const capitalised = /^\p{Lu}/u.test(cased.slice(start, end)) && /(?:^|[\s-])\p{Lu}[^\s-]*$/u.test(cased.slice(start, end));
    for (const e of entries) {
      if (e.kind !== 'role' && e.latin && !capitalised) continue;
      if (e.place && LOCATIVE_BEFORE.test(lower.slice(Math.max(0, start - 25), start))) continue;
      if (e.kind !== 'role' && !e.startsWithGivenName && e.latin && !titleCase && precededByOtherGivenName(t, e.accused, cased, start)) continue;
      out.push({ start, end, accused: e.accused, kind: e.kind, alias: cased.slice(start, end), latin: e.latin });
    }
  }
  return out;
}

function precededByOtherGivenName(t: NameTables, accused: string, cased: string, start: number): boolean {
  const m = /([\p{L}'-]+)\s+$/u.exec(cased.slice(Math.max(0, start - 40), start));
  if (!m) return false;
  const word = m[1]!;
  if (!/^\p{Lu}\p{Ll}/u.test(word) || /'s$/i.test(word)) return false;
  const w = lowerSameLength(word);
  if (NOT_GIVEN_NAMES.has(w) || t.nameTokens.get(accused)?.has(w)) return false;
  // A Spanish verb in the preterite opens many headlines ("Llegó Velayati a Moscú"); given names
  // of the region seldom end so.
  if (/(?:o|aron|ieron)$/.test(w)) return false;
  return true;
}
