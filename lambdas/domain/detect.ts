/**
 * Detection: which accused an item names, what happened to him, where and when, and whether the
 * case record already holds it. Pure; see docs/detection.md.
 */
import type { CaseRecord, DetectedEvent, NewsItem } from './types.ts';

/**
 * Returns the events an item reports. `record` is the case record as of `asOf` (YYYY-MM-DD):
 * an event is `known` when the record holds the same accused, type and country within 30 days.
 */
export function detectEvents(_item: NewsItem, _record: CaseRecord, _asOf: string): DetectedEvent[] {
  throw new Error('detectEvents: not implemented yet');
}
