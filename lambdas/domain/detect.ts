/**
 * Detection: which accused an item names, what happened to him, where and when, and whether the
 * case record already holds it. Pure; see docs/detection.md for the rules.
 */
import type { Accused, CaseRecord, DetectedEvent, EventType, NewsItem, PartialDate } from './types.ts';
import { findCues, mentionsRedNotices, type CueMatch } from './detect/cues.ts';
import { findDateAnchors, type DateAnchor, type DateContext } from './detect/dates.ts';
import { daysApart, KNOWN_WINDOW_DAYS, matchKnownEvent } from './detect/match-known.ts';
import { findRawMentions, nameTables, type Mention, type NameTables, type RawMention } from './detect/names.ts';
import { foldBoth, splitClauses, splitSentences, type Clause } from './detect/normalize.ts';
import { findPlaces, resolveAmbiguous, type PlaceMention } from './detect/places.ts';

export { matchKnownEvent } from './detect/match-known.ts';

interface Sentence {
  readonly orig: string;
  readonly cased: string;
  readonly lower: string;
  readonly isTitle: boolean;
  mentions: Mention[];
  places: PlaceMention[];
}

/** An event before its country or `known` is settled. */
interface Draft {
  readonly accused: string;
  readonly type: EventType;
  country: string | null;
  readonly date: PartialDate;
  readonly dated: boolean;
  readonly vaguePast: boolean;
  readonly sentence: number;
  readonly alias: string;
  readonly cue: string;
  readonly anchor: string;
  /** Resolve a missing country from the item's travel (requests) or other events. */
  readonly pending: boolean;
  /** The clause says he travels with someone ("with the president", "junto a"). */
  readonly companion?: boolean;
  /** Take the country only from his trip in the same sentence ("despite Argentina's arrest request"). */
  readonly tripOnly?: boolean;
}

/** A trip the item reports for someone who is not accused (the president he travels with). */
interface OtherTrip {
  readonly sentence: number;
  readonly country: string;
}

const ORIGIN_BEFORE = /\b(from|desde|procedente de|proveniente de|tras dejar|after leaving)\s+(the\s+|la\s+|el\s+)?$/;
const APPOSITIVE =
  /^,\s*(?:(?:a|an|the|un|una|el|la)\s+)?(?:[\w-]+\s+){0,2}?(?:wanted|issued|charged|accused|indicted|sought|named|appointed|subject|buscad[oa]|acusad[oa]|imputad[oa]|requerid[oa]|emitid[oa]|dictad[oa]|nombrad[oa]|designad[oa]|con)\b/;
const LIST_TAIL = /^(?:and|y|e|as well as|and also|y tambien)\s/;
const HOST_COURT =
  /\b(con fines de extradicion|con miras a (?:su )?extradicion|a los fines de (?:su )?extradicion|for (?:the purpose of )?extradition|pending (?:his |their )?extradition|with a view to (?:his |their )?extradition|a (?:pedido|solicitud|requerimiento) de (?:la )?(?:argentina|justicia argentina)|at (?:the )?request of (?:argentina|the argentine)|at argentina's request|requested by argentina)\b/;
const COMPANION_BEFORE = /\b(with|junto a|junto con|con|along with|alongside|accompanied by|acompanado (?:de|por))\s+(?:(?:president|presidente|the|el|la)\s+)?$/;
const COMPANION = /\b(with|junto a|junto con|along with|alongside|accompan\w*|acompan\w*|delegation|delegacion|comitiva|entourage)\b/;
const NOBODY: Accused = {
  id: '', name: '', aliases: [], nativeNames: [], surnames: [], role: '', roleTerms: [], status: '', nationality: '', homeCountries: [], redNotice: false,
};

// Words that point back to a person named before: pronouns and generic role phrases.
const ANAPHOR =
  /\b(he|him|his|himself|lo|le|su|sus|the iranian|el irani|the (?:former |ex-?)?(?:iranian |lebanese )?(?:official|minister|envoy|diplomat|adviser|advisor|suspect|fugitive|cleric|commander|vice-president|vice president|politician)|(?:el|al|del) (?:ex ?|ex-)?(?:canciller|ministro|funcionario|asesor|embajador|diplomatico|acusado|imputado|profugo|vicepresidente|agregado|comandante|jefe)(?: \w+)?(?: irani| libanes)?|(?:iran's|iranian|lebanese) (?:former )?(?:\w+ )?(?:minister|official|adviser|envoy|vice-president|commander))\b/;
const BOTH = /\b(both|ambos|ambas|los dos|las dos)\b(?!\s+(?:countries|governments|nations|paises|gobiernos|naciones))/;
const EXCLUDED_BEFORE = /\b(without|sin|except|excepto|salvo|but not|instead of|en lugar de)\s+$/;
const TITLE_IN = /^\s*(?:is |was |now )?(?:in|en)\s+$/;

/**
 * Returns the events an item reports. `record` is the case record as of `asOf` (YYYY-MM-DD):
 * an event is `known` when the record holds the same accused, type and country within 30 days.
 */
export function detectEvents(item: NewsItem, record: CaseRecord, asOf: string): DetectedEvent[] {
  const t = nameTables(record);
  // Feeds deliver odd shapes; anything that is not text reads as empty.
  item = { ...item, title: typeof item.title === 'string' ? item.title : '', text: typeof item.text === 'string' ? item.text : '' };
  const whole = foldBoth(`${item.title}\n${item.text}`);
  if (!t.anyRe.test(whole.lower)) return [];

  const sentences = buildSentences(item, t, whole.lower);
  const named = sentences.flatMap((s) => s.mentions);
  if (named.length === 0) return [];

  const pub = publicationDay(item, asOf);
  const focus = primaryAccused(named);
  const redNoticeItem = mentionsRedNotices(whole.lower);
  const itemCodes = new Set(sentences.flatMap((s) => s.places.filter((p) => !p.ambiguous).flatMap((p) => p.codes)));
  for (const s of sentences) {
    const sentenceCodes = new Set(s.places.filter((p) => !p.ambiguous).flatMap((p) => p.codes));
    s.places = resolveAmbiguous(s.places, sentenceCodes, itemCodes);
  }
  resolvePlaceAnaphora(sentences);

  const drafts: Draft[] = [];
  const otherTrips: OtherTrip[] = [];
  const ctx: DateContext = { pub };
  const namedSoFar: string[] = [];
  sentences.forEach((s, si) => {
    for (const m of s.mentions) if (!namedSoFar.includes(m.accused)) namedSoFar.push(m.accused);
    // A pronoun after the only accused the sentence has named so far is his, not the item's focus
    // ("Rezai visitó Doha y el Gobierno pidió a Qatar que lo detenga"); a companion ("went to
    // Mecca with Rafsanjani") is not who "he" is.
    const focusAt = (pos: number): string => {
      const before = new Set(s.mentions.filter((m) => m.end <= pos && !COMPANION_BEFORE.test(s.lower.slice(Math.max(0, m.start - 25), m.start))).map((m) => m.accused));
      return before.size === 1 ? [...before][0]! : focus;
    };
    ctx.sentenceYear = undefined;
    const clauses = splitClauses(s.lower);
    let prevAccused: string[] = [];
    let prevPlaces: PlaceMention[] = [];
    let prevCues: CueMatch[] = [];
    let carried: DateAnchor | undefined;
    let vagueInSentence = false;
    // Cues are read on the whole sentence ("asked Lebanon, where he lives, to arrest him") and
    // belong to the clause they start in.
    const sentenceCues = findCues(s.lower, redNoticeItem);
    // The sentence with accused names and places blanked, so capitalised words left are other people.
    const peopleText = blank(s.cased, [...s.mentions, ...s.places]);
    clauses.forEach((c) => {
      const text = s.lower.slice(c.start, c.end);
      const anchors = findDateAnchors(text, ctx).map((a) => ({ ...a, start: a.start + c.start, end: a.end + c.start }));
      if (anchors.some((a) => a.vaguePast)) vagueInSentence = true;
      const places = s.places.filter((p) => p.start >= c.start && p.end <= c.end);
      const mentions = s.mentions.filter((m) => m.start >= c.start && m.end <= c.end);
      let cues = sentenceCues.filter((q) => q.start >= c.start && q.start < c.end);
      cues.push(...titleInCues(s, c, mentions));
      // "..., y en 2018 a Rusia y China": an elliptic clause repeats the previous clause's request.
      if (cues.length === 0 && places.length > 0 && prevCues.length > 0 && isElliptic(text)) {
        cues = prevCues.filter((q) => q.type === 'arrest_request').map((q) => ({ ...q, start: c.start, end: c.start }));
      }
      // "... upheld red notices for Fallahian, Rezaei and Vahidi, and Hezbollah's Imad Mughniyeh":
      // a clause that only adds a name to the previous clause's list shares its cues.
      if (cues.length === 0 && mentions.length > 0 && prevCues.length > 0 && LIST_TAIL.test(text) && text.length - mentions.reduce((n, m) => n + m.end - m.start, 0) < 30) {
        cues = prevCues.map((q) => ({ ...q, start: c.start, end: c.start }));
      }
      const accused = clauseAccused(c, text, peopleText.slice(c.start, c.end), mentions, prevAccused, focusAt, namedSoFar);
      for (const cue of cues) {
        // A request's object may be implied ("made the same request to Iraq"); other events need a subject.
        const impliedObject = cue.type === 'arrest_request' && !cue.needsObject && !namesSomeoneElse(cue, s.lower, peopleText, c);
        let who = accused.length > 0 ? accused : impliedObject ? [focusAt(cue.start)] : [];
        if (cue.type === 'travel') who = who.filter((id) => isTraveller(id, cue, mentions, peopleText, c));
        const dateFor = (id: string): DateAnchor | undefined =>
          pickAnchor(anchors, cue, cues, s.lower, mentions.find((m) => m.accused === id)) ?? carried;
        if (who.length === 0 && cue.type === 'travel') {
          for (const code of chooseCountries(cue, c, s.lower, places, s.places, prevPlaces, NOBODY)) otherTrips.push({ sentence: si, country: code });
        }
        for (const id of who) {
          const a = t.accused.get(id)!;
          let targets = cue.type === 'red_notice' ? [null] : cue.needsTrip ? [] : chooseCountries(cue, c, s.lower, places, s.places, prevPlaces, a, sentences[si - 1]?.places);
          // A host country's court ordering detention for extradition at Argentina's request: the
          // court's country may be named only elsewhere in the sentence or in the headline.
          if (targets.length === 0 && cue.needsObject && cue.type === 'arrest_request' && HOST_COURT.test(s.lower)) {
            targets = hostCountry(s, sentences[0]?.isTitle ? sentences[0] : undefined, a);
          }
          const pending = targets.length === 0 && cue.type !== 'red_notice' && (!cue.weak || cue.type !== 'arrest_request');
          const dateA = dateFor(id);
          const base = {
            accused: id,
            type: cue.type,
            date: dateA?.date ?? pub,
            dated: !!dateA?.date,
            vaguePast: vagueInSentence || !!dateA?.vaguePast,
            sentence: si,
            alias: mentions.find((m) => m.accused === id)?.alias ?? named.find((m) => m.accused === id)?.alias ?? id,
            cue: cue.text,
            anchor: dateA?.label ?? `published ${pub}`,
          };
          if (pending) drafts.push({ ...base, country: null, pending: true, companion: COMPANION.test(text), tripOnly: cue.needsTrip });
          for (const code of targets) drafts.push({ ...base, country: code, pending: false });
        }
      }
      const datedHere = anchors.filter((a) => a.date || a.vaguePast);
      if (datedHere.length > 0) carried = datedHere[datedHere.length - 1];
      if (accused.length > 0) prevAccused = accused;
      if (places.length > 0) prevPlaces = places;
      if (cues.length > 0) prevCues = cues;
    });
  });

  return finish(resolvePending(drafts, otherTrips, sentences, t), sentences, record, asOf, t);
}

// "en ese país", "in that country", "allí", "there" (not "there is"): the last country named before,
// other than Argentina (the one asking, which "there" hardly ever means in a report).
const PLACE_ANAPHOR =
  /\b(?:that country|the same country|ese pais|aquel pais|ese mismo pais|dicho pais|alli|alla|ahi)\b|(?<!\b(?:over|out|here|up|down) )\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|must|could|should|seems?|appears?|remains?|exists?|be|being|been)\b|')/g;

/** Adds the country a place anaphor stands for to each sentence's places, in text order. */
function resolvePlaceAnaphora(sentences: Sentence[]): void {
  let last: string | undefined;
  for (const s of sentences) {
    PLACE_ANAPHOR.lastIndex = 0;
    const added: PlaceMention[] = [];
    let from = 0;
    for (let m = PLACE_ANAPHOR.exec(s.lower); m; m = PLACE_ANAPHOR.exec(s.lower)) {
      const named = s.places.filter((p) => p.start >= from && p.end <= m!.index && p.kind !== 'group' && !p.codes.includes('AR') && !p.possessive && (p.kind !== 'demonym' || p.institutional));
      if (named.length > 0) last = named[named.length - 1]!.codes[0];
      from = m.index;
      if (last) added.push({ start: m.index, end: m.index + m[0].length, text: m[0], codes: [last], kind: 'country', institutional: false, ambiguous: false });
    }
    const rest = s.places.filter((p) => p.start >= from && p.kind !== 'group' && !p.codes.includes('AR') && !p.possessive && (p.kind !== 'demonym' || p.institutional));
    if (added.length > 0) s.places = [...s.places, ...added].sort((x, y) => x.start - y.start);
    if (rest.length > 0) last = rest[rest.length - 1]!.codes[0];
  }
}

/** The country of a host court: a usable place in the sentence, else in the headline (never Argentina). */
function hostCountry(s: Sentence, title: Sentence | undefined, a: Accused): string[] {
  for (const src of [s, title]) {
    if (!src) continue;
    const codes = [...new Set(src.places.filter((p) => p.kind !== 'group' && eligible(p, 'arrest_request', a)).flatMap((p) => p.codes))];
    if (codes.length === 1) return codes;
  }
  return [];
}

function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const sp of spans) out = out.slice(0, sp.start) + 'x'.repeat(sp.end - sp.start) + out.slice(sp.end);
  return out;
}

function buildSentences(item: NewsItem, t: NameTables, itemLower: string): Sentence[] {
  const origs = [
    ...(item.title?.trim() ? [{ orig: item.title.trim(), isTitle: true }] : []),
    ...splitSentences(item.text ?? '').map((orig) => ({ orig, isTitle: false })),
  ];
  const folded = origs.map((o) => ({ ...o, ...foldBoth(o.orig) }));
  const raw = folded.map((f) => findRawMentions(t, f.cased, f.lower));
  const all = raw.flat();
  const contextOk = t.contextRe?.test(itemLower) ?? false;
  const anchored = new Set(all.filter((m) => m.kind !== 'surname').map((m) => m.accused));
  const keep = (m: RawMention): boolean => m.kind !== 'surname' || contextOk || anchored.has(m.accused);
  return folded.map((f, i) => {
    // Show the alias as written when folding kept the sentence's length (it usually does).
    const nfc = f.orig.normalize('NFC');
    const asWritten = (m: RawMention): string => (nfc.length === f.cased.length ? nfc.slice(m.start, m.end) : m.alias);
    // Places inside a name or role phrase ("Iran's interior minister") are not where anything happened.
    const masked = raw[i]!.map((m) => [m.start, m.end] as [number, number]);
    const places = findPlaces(f.cased, f.lower, masked);
    // "Pakistan's former foreign minister" is another country's: a role phrase is his only
    // when no other country qualifies it.
    const otherCountrys = (m: RawMention): boolean =>
      m.kind === 'role' &&
      places.some((p) => p.end <= m.start && m.start - p.end <= 3 && (p.possessive || p.kind === 'demonym') && !p.codes.includes(t.accused.get(m.accused)!.nationality));
    const mentions: Mention[] = raw[i]!.filter((m) => keep(m) && !otherCountrys(m)).map((m) => ({ start: m.start, end: m.end, accused: m.accused, kind: m.kind, alias: asWritten(m) }));
    return { orig: f.orig, cased: f.cased, lower: f.lower, isTitle: f.isTitle, mentions, places };
  });
}

function publicationDay(item: NewsItem, asOf: string): string {
  const t = item.published ? Date.parse(item.published) : NaN;
  return Number.isNaN(t) ? asOf : new Date(t).toISOString().slice(0, 10);
}

/** The accused the item is mostly about: most mentions, then first named. */
function primaryAccused(mentions: readonly Mention[]): string {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.accused, (counts.get(m.accused) ?? 0) + 1);
  let best = mentions[0]!.accused;
  for (const [id, n] of counts) if (n > counts.get(best)!) best = id;
  return best;
}

/**
 * Who a clause is about: the accused it names; the previous clause's for a relative clause or a
 * verb coordinated without a subject ("..., and flew on to China"); the item's main accused for a
 * pronoun or role phrase; everyone named so far for "both"/"ambos".
 */
function clauseAccused(
  c: Clause,
  text: string,
  cased: string,
  mentions: readonly Mention[],
  prev: readonly string[],
  focusAt: (pos: number) => string,
  namedSoFar: readonly string[],
): string[] {
  // "the visit went ahead without Vahidi": an excluded person is not the subject.
  const set = new Set(mentions.filter((m) => !EXCLUDED_BEFORE.test(cased.slice(Math.max(0, m.start - c.start - 20), m.start - c.start).toLowerCase())).map((m) => m.accused));
  const anaphor = hasAnaphor(text, cased);
  const relative = c.kind !== 'main';
  const coordinatedVerb = /^(?:and|y|e|but|pero|then|luego)\s+(?!(?:the|a|an|la|el|los|las|un|una|his|su|he|it|they|in|on|en|last|that|this|two|ese|dos)\b)\p{Ll}/u.test(cased);
  if (set.size === 0 && (relative || (coordinatedVerb && !anaphor)) && prev.length > 0) for (const a of prev) set.add(a);
  if (anaphor || (relative && set.size === 0)) set.add(focusAt(c.start + (anaphor ? ANAPHOR.exec(text)!.index : 0)));
  if (BOTH.test(text)) for (const a of namedSoFar) set.add(a);
  return [...set];
}

// "President Raisi ... his", "Vladimir Putin ... su": a pronoun after another named person is his.
// An article opening a capitalised pair ("La Cancillería", "The Foreign Ministry") is no one's name.
const OTHER_PERSON = /\b(?!(?:La|El|Los|Las|Lo|The|A|An|Un|Una|En|In|On|Por|De|Del|Al|Tras|After|Its|Su|Sus)\s)(?:(?:President|Presidente|Prime Minister|Primer Ministro|King|Rey|Prince|Principe|Judge|Juez|Jueza|Minister|Ministro|Secretary|Senator|Senador)\s+\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+)/u;
const SUBJECT_PRONOUN = /\b(he|his|su|sus)\b/;

function hasAnaphor(text: string, cased: string): boolean {
  const m = ANAPHOR.exec(text);
  if (!m) return false;
  if (!SUBJECT_PRONOUN.test(m[0]) || m[0].length > 3) return true;
  // Only names of other people count: accused names were already taken out of `cased`.
  return !OTHER_PERSON.test(cased.slice(0, m.index));
}

const SOMEONE = /\b(?:a|an|un|una)\s+(?:former\s+|ex\s+|ex-)?(?:\w+\s+)?(?:official|businessman|businesswoman|man|woman|citizen|funcionario|funcionaria|empresario|empresaria|hombre|mujer|ciudadano|ciudadana|banker|banquero)\b/;

/** A request whose object is someone else ("the capture of the supreme leader, Ali Khamenei", "a former official"). */
function namesSomeoneElse(cue: CueMatch, lower: string, peopleText: string, c: Clause): boolean {
  return OTHER_PERSON.test(peopleText.slice(cue.start, c.end)) || SOMEONE.test(lower.slice(cue.start, c.end));
}

const HOSTING = /^(received|receives|met|meets|meeting|held talks|recibio|recibira|fue recibido|se reuni)/;

/**
 * Whether an accused named in a travel clause is the one travelling: not when another named
 * person is the subject and he comes only later ("Prosecutor Basso travelled to Paraguay to
 * discuss the case against Mouzannar"), unless he follows the verb at once ("asistió Mohsen
 * Rezai") or the verb is a host's ("Putin received Velayati").
 */
function isTraveller(id: string, cue: CueMatch, mentions: readonly Mention[], peopleText: string, c: Clause): boolean {
  const own = mentions.filter((m) => m.accused === id);
  if (own.length === 0 || HOSTING.test(cue.text)) return true;
  if (own.some((m) => m.end <= cue.start || m.start - cue.end <= 25)) return true;
  return !OTHER_PERSON.test(peopleText.slice(c.start, cue.start));
}

/** Headline shorthand: "Rafsanjani in Saudi Arabia for ...". */
function titleInCues(s: Sentence, c: Clause, mentions: readonly Mention[]): CueMatch[] {
  if (!s.isTitle) return [];
  const out: CueMatch[] = [];
  for (const m of mentions) {
    const next = s.places.find((p) => p.start >= m.end && p.end <= c.end);
    if (next && TITLE_IN.test(s.lower.slice(m.end, next.start))) {
      out.push({ type: 'travel', start: m.end, end: next.start, text: s.lower.slice(m.end, next.start).trim(), weak: false, window: 0 });
    }
  }
  return out;
}

function isElliptic(text: string): boolean {
  return /^(?:(?:and|y|e)\s+)?(?:(?:in|en)\s+\d{4}\s+|(?:two|dos|\w+)\s+(?:years?|anos?)\s+(?:later|despues)\s+)?(?:a|al|to|and to|y a)\s/.test(text);
}

/**
 * The date expression of an event: one after its cue and before the next cue (the one nearest the
 * accused's name when the clause dates several people's events); else the last one before it
 * that no earlier cue of the same kind claims; else one that opens the clause before any cue.
 */
function pickAnchor(anchors: readonly DateAnchor[], cue: CueMatch, cues: readonly CueMatch[], lower: string, mention?: Mention): DateAnchor | undefined {
  const dated = anchors.filter((a) => a.date || a.vaguePast);
  // A date inside an appositive that describes him ("Omairi, wanted under a notice issued in
  // 2023, visited Lima") dates that description, not the verb after it.
  const describing = (a: DateAnchor): boolean => {
    const open = lower.lastIndexOf(',', a.start);
    return open >= 0 && lower.slice(a.end, cue.start).includes(',') && APPOSITIVE.test(lower.slice(open, a.start));
  };
  // Other cues that do not overlap this one ("was arrested" and "arrested in" are one cue).
  const others = cues.filter((q) => q.end <= cue.start || q.start >= cue.end);
  const next = Math.min(...others.filter((q) => q.start > cue.start).map((q) => q.start), Infinity);
  const firstCue = Math.min(...cues.map((q) => q.start), Infinity);
  // A date inside the cue is its own ("declined that year to extradite", "dispuso ayer la detención").
  const after = dated.filter((a) => a.start > cue.start && a.start < next);
  if (after.length > 1 && mention) return [...after].sort((x, y) => Math.abs(x.start - mention.start) - Math.abs(y.start - mention.start))[0];
  return (
    after[0] ??
    // A date closer to an earlier cue of the same kind is that one's ("first issued in 2007, ...
    // were extended"); after a cue of another kind it still frames this one ("detained in 2003
    // before London refused to extradite him").
    [...dated].reverse().find((a) => a.end <= cue.start && !describing(a) && !others.some((q) => q.type === cue.type && q.end <= a.start && a.start - q.end <= cue.start - a.end)) ??
    [...dated].reverse().find((a) => a.end <= firstCue && !describing(a))
  );
}

/** Whether a place can be where this type of event happened for this accused. */
function eligible(p: PlaceMention, type: EventType, a: Accused): boolean {
  const code = p.codes[0];
  if (!code || code === 'AR') return false;
  // "Iraqi officials" can be asked for an arrest; one travels only to "the Azerbaijani capital".
  if (p.kind === 'demonym' && !(type === 'travel' ? p.placeNoun : p.institutional)) return false;
  const home = code === a.nationality || a.homeCountries.includes(code);
  // "Russia's special envoy" says whose envoy, not where he went.
  if (type === 'travel') return !home && !p.possessive;
  // "Iran's former foreign minister" describes him; it does not name the country asked. His own
  // country can still act: "Lebanon's security forces arrested him", a request to Lebanon.
  return !(code === a.nationality && p.possessive && !p.institutional);
}

const CONNECTOR = /^\s*(?:,|;)?\s*(?:and then|and later|and also|as well as|y luego|y despues|y tambien|and|y|e|or|o|then|,)?\s*(?:(?:a|al|to|in|en|the|la|el)\s+)?$/;

/**
 * Picks the place(s) a cue refers to: the first usable place after it with those listed with it
 * ("Singapore and Malaysia", "Nicaragua and then Russia"), else the nearest before it. A group
 * ("both countries") stands for the countries the sentence named before it.
 */
function chooseCountries(
  cue: CueMatch,
  c: Clause,
  sentenceLower: string,
  clausePlaces: readonly PlaceMention[],
  sentencePlaces: readonly PlaceMention[],
  prevPlaces: readonly PlaceMention[],
  a: Accused,
  previousSentencePlaces: readonly PlaceMention[] = [],
): string[] {
  const expand = (p: PlaceMention): PlaceMention[] => {
    if (p.kind !== 'group') return eligible(p, cue.type, a) ? [p] : [];
    const earlier = sentencePlaces.filter((q) => q.kind !== 'group' && q.end <= p.start && eligible(q, cue.type, a));
    return earlier.length > 0 ? earlier : previousSentencePlaces.filter((q) => q.kind !== 'group' && eligible(q, cue.type, a));
  };
  // "arrived from Moscow": where he came from is not where he went.
  // A return cue ("flew home from Kabul") ends with "from": the place right after it is where he was.
  const origin = (p: PlaceMention): boolean =>
    cue.type === 'travel' && !(cue.fromPlace && p.start >= cue.end) && ORIGIN_BEFORE.test(sentenceLower.slice(Math.max(0, p.start - 25), p.start));
  const usable = clausePlaces.filter((p) => !origin(p) && expand(p).length > 0);
  const listed = (x: PlaceMention, y: PlaceMention): boolean => CONNECTOR.test(sentenceLower.slice(x.end, y.start));
  const after = (): PlaceMention[] => {
    const i0 = usable.findIndex((p) => p.start >= (cue.fromPlace ? cue.end : cue.start));
    if (i0 < 0 || (cue.window !== undefined && usable[i0]!.start - cue.end > cue.window)) return [];
    const got = [usable[i0]!];
    for (let i = i0 + 1; i < usable.length && listed(usable[i - 1]!, usable[i]!); i++) got.push(usable[i]!);
    return got;
  };
  const before = (): PlaceMention[] => {
    if (cue.window !== undefined) return [];
    const list = usable.filter((p) => p.end <= cue.start);
    let i = list.length - 1;
    const got = i >= 0 ? [list[i]!] : [];
    while (i > 0 && listed(list[i - 1]!, list[i]!)) got.unshift(list[--i]!);
    return got;
  };
  // The country that decides an extradition is usually the subject ("Britain refused to extradite him").
  let picked = cue.type === 'extradition' ? before() : after();
  if (picked.length === 0) picked = cue.type === 'extradition' ? after() : before();
  if (picked.length === 0 && c.kind === 'where') picked = [...prevPlaces];
  return [...new Set(picked.flatMap(expand).flatMap((p) => p.codes))];
}

/** Settles events whose clause named no country: a request takes the country of the travel it accompanies. */
function resolvePending(drafts: Draft[], otherTrips: readonly OtherTrip[], sentences: readonly Sentence[], t: NameTables): Draft[] {
  const settled = drafts.filter((d) => !d.pending);
  const out = [...settled];
  for (const d of drafts.filter((x) => x.pending)) {
    const a = t.accused.get(d.accused)!;
    const sameType = d.type === 'arrest_request' ? 'travel' : d.type;
    const own = settled.filter((x) => x.accused === d.accused && x.type === sameType);
    // A companion's trip ("is travelling with him") is the same trip.
    const pool = own.length > 0 || d.type !== 'travel' ? own : settled.filter((x) => x.type === 'travel');
    const inSentence = pool.filter((x) => x.sentence === d.sentence);
    let codes = [...new Set((inSentence.length || d.tripOnly ? inSentence : pool).map((x) => x.country!))];
    if (codes.length === 0 && d.type === 'travel') {
      // "asked Chinese authorities to arrest Velayati, who arrived on Friday": he is where he is asked for.
      codes = [...new Set(settled.filter((x) => x.sentence === d.sentence && x.accused === d.accused && x.type === 'arrest_request').map((x) => x.country!))];
    }
    if (codes.length === 0 && d.type === 'travel' && d.companion) {
      const home = new Set([a.nationality, ...a.homeCountries]);
      codes = [...new Set(otherTrips.map((x) => x.country).filter((c) => !home.has(c)))];
    }
    if (codes.length === 0 && (d.type === 'detention' || d.type === 'extradition')) {
      codes = [...new Set(sentences[d.sentence]!.places.filter((p) => eligible(p, d.type, a)).flatMap((p) => p.codes))];
    }
    for (const code of codes) out.push({ ...d, country: code, pending: false });
  }
  return out;
}

interface Found {
  readonly ev: DetectedEvent;
  readonly dated: boolean;
  /** A mention in the body, not the headline, that is not told as a vague past. */
  readonly plain: boolean;
}

/**
 * Settles `known` and merges mentions: one event per (accused, type, country), a known mention
 * winning over an unknown one (the headline of a recap is the recounted event), then one with
 * its own date. A body mention that the record does not hold, far from the known one ("first
 * issued in 2007, ... extended until 2027"), is a second, new event.
 */
function finish(drafts: readonly Draft[], sentences: readonly Sentence[], record: CaseRecord, asOf: string, t: NameTables): DetectedEvent[] {
  const byKey = new Map<string, Found[]>();
  for (const d of drafts) {
    const a = t.accused.get(d.accused)!;
    let undatedPast = d.vaguePast && !d.dated;
    if (a.deceased && d.type !== 'red_notice' && d.type !== 'arrest_request' && d.type !== 'extradition' && d.date > a.deceased) {
      // The dead do not travel or get arrested: an undated mention can only recount the past.
      if (d.dated) continue;
      undatedPast = true;
    }
    const hit = matchKnownEvent({ accused: d.accused, type: d.type, country: d.country, date: d.date, undatedPast }, record, asOf);
    if (!hit && a.deceased && d.date > a.deceased && (d.type === 'travel' || d.type === 'detention')) continue;
    const ev: DetectedEvent = {
      accused: d.accused,
      type: d.type,
      country: d.country,
      date: d.date,
      known: !!hit,
      ...(hit ? { knownEventId: hit.id } : {}),
      evidence: { alias: d.alias, sentence: sentences[d.sentence]!.orig, cues: [d.cue], dateAnchor: d.anchor },
    };
    const key = `${d.accused}|${d.type}|${d.country ?? '-'}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { ev, dated: d.dated, plain: !sentences[d.sentence]!.isTitle && !d.vaguePast }]);
  }
  const out: DetectedEvent[] = [];
  for (const found of byKey.values()) {
    const known = found.filter((f) => f.ev.known);
    const fresh = found.filter((f) => !f.ev.known);
    const best = (list: readonly Found[]): DetectedEvent => {
      const pick = list.find((f) => f.dated) ?? list[0]!;
      return { ...pick.ev, evidence: { ...pick.ev.evidence, cues: [...new Set(list.flatMap((f) => f.ev.evidence.cues))] } };
    };
    if (known.length === 0 || fresh.length === 0) {
      out.push(best(found));
      continue;
    }
    out.push(best(known));
    const apart = fresh.filter((f) => f.plain && known.every((k) => daysApart(k.ev.date, f.ev.date) > KNOWN_WINDOW_DAYS));
    if (apart.length > 0) out.push(best(apart));
  }
  return out;
}
