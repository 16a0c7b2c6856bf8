/**
 * The naive way to watch feeds, as a keyword-alert script would do it: fetch and parse each feed
 * in turn with rss-parser's parseURL, one GetItem per item to ask "seen before?", and one regular
 * expression per alias. The benchmark compares the real poller against this.
 */
import { createHash } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import Parser from 'rss-parser';
import { itemMarkerKey } from '../../lambdas/domain/keys.ts';
import type { CaseRecord } from '../../lambdas/domain/types.ts';

export interface NaiveResult {
  readonly seconds: number;
  readonly feeds: number;
  readonly items: number;
  readonly getItems: number;
  /** Items in which some alias regex matched (namesakes included: the naive way cannot tell). */
  readonly matches: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One case-insensitive, whole-word regex per name and alias of every accused. */
export function aliasRegexes(record: CaseRecord): RegExp[] {
  const names = new Set(record.accused.flatMap((a) => [a.name, ...a.aliases]));
  return [...names].map((n) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'iu'));
}

/** Runs the naive loop over `urls` once. */
export async function runNaiveCycle(urls: readonly string[], record: CaseRecord, doc: DynamoDBDocumentClient, tableName: string): Promise<NaiveResult> {
  const parser = new Parser({ timeout: 20_000 });
  const regexes = aliasRegexes(record);
  let items = 0;
  let getItems = 0;
  let matches = 0;
  const start = performance.now();
  for (const url of urls) {
    const feed = await parser.parseURL(url);
    for (const item of feed.items) {
      items++;
      const id = createHash('sha256').update(item.link ?? item.guid ?? item.title ?? '').digest('hex');
      await doc.send(new GetCommand({ TableName: tableName, Key: itemMarkerKey(id) }));
      getItems++;
      const text = `${item.title ?? ''} ${item.contentSnippet ?? item.content ?? ''}`;
      if (regexes.some((r) => r.test(text))) matches++;
    }
  }
  return { seconds: (performance.now() - start) / 1000, feeds: urls.length, items, getItems, matches };
}
