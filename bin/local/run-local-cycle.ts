/**
 * One poll cycle on this machine, as `casewatch poll`, `npm start` and `casewatch demo` run it:
 * the case table (embedded or configured), the alert channel (embedded SNS or configured), the
 * real fetcher and poll cycle, progress lines, a summary and each alert as a subscriber reads it.
 */
import { join, relative } from 'node:path';
import { DynamoCaseStore } from '../../lambdas/adapters/dynamo-case-store.ts';
import { HttpFeedFetcher } from '../../lambdas/adapters/http-feed-fetcher.ts';
import { runPollCycle, type CycleLogger, type CycleSummary, type FeedResult } from '../../lambdas/poller/poll-cycle.ts';
import type { FeedConfig } from '../../lambdas/ports.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { openAlertChannel, type OutboxEntry } from './alert-channel.ts';
import { LOCAL_DIR, openCaseTable } from './embedded.ts';

export interface LocalCycleOptions {
  readonly feeds: readonly FeedConfig[];
  /** Embedded database folder (default `.casewatch/db`). */
  readonly dataDir?: string;
  /** On first use, seed only events dated before this day. */
  readonly seedAsOf?: string;
  /** Outbox file (default `.casewatch/outbox.jsonl`). */
  readonly outboxPath?: string;
  /** Where lines go (default stdout). */
  readonly print?: (line: string) => void;
  /** Poll feeds that are backing off after failures too (`casewatch poll --now`). */
  readonly ignoreBackoff?: boolean;
}

export interface LocalCycleResult {
  readonly summary: CycleSummary;
  readonly delivered: readonly OutboxEntry[];
}

/**
 * A terminal gets the progress lines, not the structured log: info is dropped, and a warning about
 * one feed is already on that feed's progress line. Other warnings and errors still show.
 */
const quietLogger = (print: (line: string) => void): CycleLogger => {
  const show = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    if (level === 'warning' && extra?.feedId) return;
    print(`${level}: ${message}${extra?.error ? `: ${String(extra.error)}` : ''}`);
  };
  return { info: () => undefined, warn: show('warning'), error: show('error') };
};

/** Runs one cycle against the local (or configured) table and alert channel. */
export async function runLocalCycle(options: LocalCycleOptions): Promise<LocalCycleResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const outboxPath = options.outboxPath ?? join(LOCAL_DIR, 'outbox.jsonl');
  const cases = await loadCaseFiles();
  const table = await openCaseTable({ dataDir: options.dataDir, seedAsOf: options.seedAsOf, cases });
  try {
    print(
      `casewatch: DynamoDB ${table.embedded ? `embedded (${shown(options.dataDir ?? join(LOCAL_DIR, 'db'))})` : `at ${table.endpoint}`}, table ${table.tableName}` +
        (table.seeded ? `; seeded ${table.seeded.accusedWritten} accused, ${table.seeded.eventsWritten} events` : ''),
    );
    const channel = await openAlertChannel(outboxPath);
    try {
      print(`casewatch: alerts to ${channel.embedded ? 'the embedded SNS endpoint' : channel.topicArn}; outbox ${shown(outboxPath)}`);
      const summary = await runPollCycle(
        {
          store: new DynamoCaseStore(table.doc, table.tableName),
          fetcher: new HttpFeedFetcher(),
          publisher: channel.publisher,
          logger: quietLogger(print),
          now: () => new Date(),
        },
        { caseIds: cases.map((c) => c.caseId), feeds: options.feeds, ignoreBackoff: options.ignoreBackoff, onFeedResult: (r) => print(formatFeedLine(r)) },
      );
      const delivered = await channel.collectDelivered();
      print(formatSummary(summary));
      delivered.forEach((entry, i) => print(formatDelivered(entry, i + 1, delivered.length)));
      return { summary, delivered };
    } finally {
      await channel.close();
    }
  } finally {
    await table.close();
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

/** One progress line per feed. */
export function formatFeedLine(r: FeedResult): string {
  const detail =
    r.status === 'failed'
      ? (r.error ?? '')
      : r.status === 'skipped'
        ? (r.reason ?? r.error ?? '')
        : r.status === 'not-modified'
          ? 'not modified since last poll'
          : `${r.itemsRead} items, ${r.newItems} new, ${r.eventsFound} events` + (r.itemErrors ? `, ${r.itemErrors} items failed (retried next run)` : '');
  return `feed ${r.feedId.padEnd(22)} ${r.status.padEnd(12)} ${detail}`;
}

/** The run's closing summary. */
export function formatSummary(s: CycleSummary): string {
  const feeds = s.feedsOk + s.feedsNotModified + s.feedsFailed + s.feedsSkipped;
  return (
    `summary: ${feeds} feeds: ${s.feedsOk} ok, ${s.feedsNotModified} not modified, ${s.feedsFailed} failed, ${s.feedsSkipped} skipped; ` +
    `${s.itemsRead} items read; ${s.eventsFound} events found; ${s.alertsSent} alerts sent` +
    (s.alertsPending ? `, ${s.alertsPending} pending retry` : '') +
    (s.alertsFailed ? `, ${s.alertsFailed} failed` : '') +
    ` (${(s.durationMs / 1000).toFixed(1)} s)`
  );
}

/** An alert as its subscribers read it: the email (subject and body) and the SMS. */
export function formatDelivered(entry: OutboxEntry, n: number, of: number): string {
  let email = entry.Message;
  let sms = '';
  try {
    const parsed = JSON.parse(entry.Message) as { email?: string; default?: string; sms?: string };
    email = parsed.email ?? parsed.default ?? entry.Message;
    sms = parsed.sms ?? '';
  } catch {
    // A plain-text message is shown as it is.
  }
  const rule = '-'.repeat(72);
  return [`\n${rule}`, `alert ${n} of ${of}`, `email subject: ${entry.Subject ?? ''}`, '', email, '', `sms: ${sms}`, rule].join('\n');
}
