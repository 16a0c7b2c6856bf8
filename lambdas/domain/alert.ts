/**
 * The alert subscribers read: email text, SMS line and subject, built from a detected event, the
 * article that reported it and what the record already holds. Pure; the SNS adapter checks SNS's
 * own limits again before publishing.
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { Alert, EventSource } from '../ports.ts';
import type { Accused, CaseRecord, DetectedEvent, EventType, RecordEvent } from './types.ts';

countries.registerLocale(en);

/** SNS refuses a Subject of 100 characters or more. */
export const SUBJECT_MAX = 99;
/** One SMS segment of GSM-7 text; longer lines cost more segments. */
export const SMS_TARGET = 160;
/** Value of the `country` message attribute for events with no country (red notices). */
export const NO_COUNTRY_ATTRIBUTE = 'none';

const WHAT: Record<EventType, (where: string) => string> = {
  travel: (where) => `travel to ${where}`,
  arrest_request: (where) => `arrest requested from ${where}`,
  detention: (where) => `detained in ${where}`,
  extradition: (where) => `extradition decision in ${where}`,
  red_notice: () => 'INTERPOL red notice',
};

/** English country name for an ISO code ("AZ" -> "Azerbaijan"), the code itself if unknown. */
export function countryName(code: string | null): string {
  if (!code) return 'no country';
  return countries.getName(code, 'en', { select: 'alias' }) ?? countries.getName(code, 'en') ?? code;
}

/**
 * Folds text to what an SNS Subject accepts: ASCII letters, digits and punctuation on one line,
 * under 100 characters ("Alí" -> "Ali"; a cut ends in "...").
 */
export function toSnsSubject(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const subject = ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 3).trimEnd()}...` : ascii;
  return subject || 'casewatch alert';
}

/** Builds the alert for one new event. */
export function formatAlert(event: DetectedEvent, source: EventSource, record: CaseRecord): Alert {
  const accused = record.accused.find((a) => a.id === event.accused);
  const name = accused?.name ?? event.accused;
  const where = event.country ? `${countryName(event.country)} (${event.country})` : '';
  const what = WHAT[event.type](where);
  const caseLabel = caseShortName(record);

  const subject = toSnsSubject(`[${caseLabel}] ${name}: ${what}`);
  const sms = `${caseLabel}: ${surnameOf(name)} ${what}, ${event.date}. ${source.link}`;
  const email = [
    `${name}: ${what}`,
    '',
    `Who:   ${name}${accused ? ` (${accused.role} in 1994; ${accused.status})` : ''}`,
    `What:  ${event.type.replace('_', ' ')}`,
    `Where: ${where || 'no country (INTERPOL)'}`,
    `When:  ${event.date} (${event.evidence.dateAnchor})`,
    '',
    `Headline: ${source.title}`,
    `Link:     ${source.link}`,
    source.published ? `Published: ${source.published}` : undefined,
    '',
    'The sentence that reports it:',
    `  "${event.evidence.sentence}"`,
    '',
    ...recordContext(record, event, accused),
    '',
    `Case: ${record.title} (${record.caseId}). Sent by casewatch; this event is new to the case record.`,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');

  return {
    subject,
    email,
    sms,
    attributes: {
      caseId: record.caseId,
      accused: event.accused,
      eventType: event.type,
      country: event.country ?? NO_COUNTRY_ATTRIBUTE,
    },
  };
}

/** What the record already holds for this person (and this country), newest first. */
function recordContext(record: CaseRecord, event: DetectedEvent, accused: Accused | undefined): string[] {
  const his = record.events.filter((e) => e.accused === event.accused).sort((a, b) => b.date.localeCompare(a.date));
  const here = event.country ? his.filter((e) => e.country === event.country) : his.filter((e) => e.type === event.type);
  const label = event.country ? `for ${accused?.name ?? event.accused} and ${countryName(event.country)}` : `of ${event.type.replace('_', ' ')} for ${accused?.name ?? event.accused}`;
  const lines = [`The case record already holds, ${label}:`];
  if (here.length === 0) lines.push('  nothing.');
  else lines.push(...here.slice(0, 10).map(describe));
  const others = his.filter((e) => !here.includes(e));
  if (others.length > 0) {
    lines.push(`His latest other recorded events (${others.length} in all):`);
    lines.push(...others.slice(0, 3).map(describe));
  }
  return lines;
}

function describe(e: RecordEvent): string {
  return `  ${e.date}  ${e.type.padEnd(14)} ${e.country ?? '--'}  ${e.summary}`;
}

function surnameOf(name: string): string {
  return name.split(' ').at(-1) ?? name;
}

/** "AMIA" for amia-1994: the case id's first part, upper case. */
function caseShortName(record: CaseRecord): string {
  return record.caseId.split('-')[0]!.toUpperCase();
}
