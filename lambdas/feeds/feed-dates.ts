/**
 * Publication dates as feeds write them: RFC 822 (often with a localised day or month name or a
 * zone abbreviation JavaScript does not know), ISO 8601, W3C-DTF. Pure.
 */

/** Zone abbreviations seen in news feeds that Date.parse does not read (it knows only US zones and GMT/UTC). */
const ZONES: Readonly<Record<string, string>> = {
  ART: '-0300', BRT: '-0300', UYT: '-0300', CLT: '-0400', CLST: '-0300', PYT: '-0400', BOT: '-0400', VET: '-0400',
  COT: '-0500', PET: '-0500', ECT: '-0500', CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', EET: '+0200',
  EEST: '+0300', WET: '+0000', WEST: '+0100', BST: '+0100', MSK: '+0300', TRT: '+0300', IRST: '+0330', IRDT: '+0430',
  GST: '+0400', AZT: '+0400', PKT: '+0500', IST: '+0530', HKT: '+0800', SGT: '+0800', JST: '+0900', KST: '+0900',
  AEST: '+1000', AEDT: '+1100', NZST: '+1200', NZDT: '+1300',
};

/** Month names and abbreviations in Spanish, Portuguese and French, to English. */
const MONTHS: Readonly<Record<string, string>> = {
  ene: 'Jan', enero: 'Jan', janeiro: 'Jan', janv: 'Jan', janvier: 'Jan',
  febrero: 'Feb', fev: 'Feb', fevereiro: 'Feb', févr: 'Feb', fevr: 'Feb', février: 'Feb',
  marzo: 'Mar', março: 'Mar', mars: 'Mar',
  abr: 'Apr', abril: 'Apr', avr: 'Apr', avril: 'Apr',
  mayo: 'May', mai: 'May', maio: 'May',
  junio: 'Jun', junho: 'Jun', juin: 'Jun',
  julio: 'Jul', julho: 'Jul', juil: 'Jul', juillet: 'Jul',
  ago: 'Aug', agosto: 'Aug', août: 'Aug', aout: 'Aug',
  set: 'Sep', sept: 'Sep', septiembre: 'Sep', setembro: 'Sep', septembre: 'Sep',
  octubre: 'Oct', out: 'Oct', outubro: 'Oct', octobre: 'Oct',
  noviembre: 'Nov', novembro: 'Nov', novembre: 'Nov',
  dic: 'Dec', diciembre: 'Dec', dez: 'Dec', dezembro: 'Dec', déc: 'Dec', dec: 'Dec', décembre: 'Dec',
};

const HAS_ZONE = /(?:[zZ]|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T)(?:[+-]\d{1,4})?)\s*(?:\([^)]*\))?$/;

/** Years outside this range are a parse accident or a typo, not a publication date. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2100;

/**
 * Reads a feed date to ISO 8601 (UTC), or undefined. A date without a zone is read as UTC, so
 * the result does not depend on the machine's time zone.
 */
export function parseFeedDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let s = value.trim().replace(/\s+/g, ' ');
  // V8 reads a bare number ("0", "12") as a date; a real date has a 4-digit year or a month name.
  if (!s || !/\d{4}|\p{L}{3}/u.test(s)) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?/.exec(s);
  if (iso) {
    if (iso[1] && !HAS_ZONE.test(s)) s = `${s.replace(' ', 'T')}Z`;
  } else {
    // A leading day name in any language ("mar," "Dienstag,") says nothing the date does not.
    s = s.replace(/^[^\d,]+,\s*/, '');
    s = s.replace(/\p{L}+\.?/gu, (word) => {
      const w = word.replace(/\.$/, '').toLowerCase();
      if (MONTHS[w]) return MONTHS[w];
      const zone = ZONES[word.toUpperCase()];
      return zone ?? word;
    });
    if (/\d{1,2}:\d{2}/.test(s) && !HAS_ZONE.test(s)) s = `${s} GMT`;
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  const y = d.getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR ? d.toISOString() : undefined;
}
