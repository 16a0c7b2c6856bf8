/**
 * The shared vocabulary of casewatch: the case record, news items and the events detected in
 * them. Pure types, no AWS import; every layer (domain, adapters, CLI, CDK seeding) uses these.
 */

/** What happened, per `../shared/case/README.md` "Event types". */
export const EVENT_TYPES = ['travel', 'arrest_request', 'detention', 'extradition', 'red_notice'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** ISO 3166-1 alpha-2 code, upper case ("AZ"). */
export type CountryCode = string;

/**
 * A date as precise as the source allows: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
 * Comparisons treat a partial date as its first day.
 */
export type PartialDate = string;

/** One accused person of a case, as seeded. */
export interface Accused {
  /** Stable id used by the CLI, alerts and evaluation ("velayati"). */
  readonly id: string;
  /** Name as usually written in English ("Ali Akbar Velayati"). */
  readonly name: string;
  /** Every other spelling and alias, Latin script ("Alí Akbar Velayati", "Veleyati"). */
  readonly aliases: readonly string[];
  /** Names in native script (Persian/Arabic), may be empty. */
  readonly nativeNames: readonly string[];
  /**
   * Surnames that identify him alone when the item's context ties them to the case
   * ("Velayati", "Rezai"); a bare surname outside that context is not a match.
   */
  readonly surnames: readonly string[];
  /** Role at the time of the crime ("Foreign Minister"). */
  readonly role: string;
  /** Words that describe him in news prose ("ex canciller iraní", "former foreign minister"). */
  readonly roleTerms: readonly string[];
  /** Free-text current status. */
  readonly status: string;
  /** Nationality (ISO), his home country is never a travel destination. */
  readonly nationality: CountryCode;
  /** Other countries he lives in (e.g. "believed in Lebanon"); not travel destinations either. */
  readonly homeCountries: readonly CountryCode[];
  /** Whether an INTERPOL red notice is in force. */
  readonly redNotice: boolean;
  /** The red notice's history in a line ("in force since 7 Nov 2007; renewed ... to Nov 2027"). */
  readonly redNoticeStatus?: string;
  /** Date of death where known; he does not travel after it. */
  readonly deceased?: PartialDate;
  /** What is known of a death, dated or only reported ("reported dead of COVID (Apr 2024)"). */
  readonly deceasedNote?: string;
}

/** An event the case record holds: seeded from research, or detected by the poller. */
export interface RecordEvent {
  /** `<date>#<accused>#<type>#<country or ->`, see `keys.ts`. */
  readonly id: string;
  readonly caseId: string;
  readonly accused: string;
  readonly type: EventType;
  /** ISO code, `null` for `red_notice`. */
  readonly country: CountryCode | null;
  readonly date: PartialDate;
  /** How much of `date` the sources give: the day, or only the month. */
  readonly datePrecision?: 'day' | 'month';
  readonly summary: string;
  readonly sourceUrl?: string;
  /** `seed` for researched facts, `detected` for what the poller added. */
  readonly origin: 'seed' | 'detected';
  /** ISO timestamp when the poller detected it. */
  readonly detectedAt?: string;
}

/** A case and everything the detector needs to know about it. */
export interface CaseRecord {
  readonly caseId: string;
  readonly title: string;
  /** Words that tie a surname-only mention to this case ("AMIA", "Buenos Aires", "Interpol"). */
  readonly contextTerms: readonly string[];
  readonly accused: readonly Accused[];
  /** Names of people who are not the accused (a match on them is a false alert). */
  readonly namesakes: readonly string[];
  /** Phrases that contain an accused's name but are not a person ("velayat-e faqih"). */
  readonly notNames: readonly string[];
  readonly events: readonly RecordEvent[];
}

/** A news item as the detector sees it, whatever feed format it came from. */
export interface NewsItem {
  readonly title: string;
  /** Summary or content, HTML already reduced to text. */
  readonly text: string;
  readonly link: string;
  /** The feed's own id for the item (RSS `guid`, Atom `id`, RDF `rdf:about`), if it gave one. */
  readonly guid?: string;
  /** Publication time (ISO), if the feed gave one. */
  readonly published?: string;
  /** Feed language if known ("en", "es"). */
  readonly lang?: string;
}

/** Why the detector believes an event happened. */
export interface Evidence {
  /** The alias or name form that matched. */
  readonly alias: string;
  /** The sentence that reports the event. */
  readonly sentence: string;
  /** The cue words that made it this type of event. */
  readonly cues: readonly string[];
  /** What dated it ("published 2019-11-10", "that same year -> 2016"). */
  readonly dateAnchor: string;
}

/** One event an item reports. */
export interface DetectedEvent {
  readonly accused: string;
  readonly type: EventType;
  readonly country: CountryCode | null;
  readonly date: PartialDate;
  /** The record as of the as-of date holds it (same accused, type, country, within 30 days). */
  readonly known: boolean;
  /** The id of the record event it matched, when known. */
  readonly knownEventId?: string;
  readonly evidence: Evidence;
}
