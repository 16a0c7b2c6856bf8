/**
 * The alert subscribers read: email text, SMS line and SNS subject, built from a detected event,
 * the article that reported it and what the record already holds. Pure; the SNS adapter checks
 * SNS's own limits before publishing.
 */
import type { Alert, EventSource } from '../ports.ts';
import type { CaseRecord, DetectedEvent } from './types.ts';

/** Builds the alert for one new event. */
export function formatAlert(_event: DetectedEvent, _source: EventSource, _record: CaseRecord): Alert {
  throw new Error('formatAlert: not implemented yet');
}
