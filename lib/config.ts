/**
 * The stack's configuration, read from CDK context (`-c key=value` or cdk.json) and parsed with
 * zod once, at synth. A bad value fails synth with a message that names the context key.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { EVENT_TYPES } from '../lambdas/domain/types.ts';
import type { CaseRecord } from '../lambdas/domain/types.ts';
import { parseFeedList } from '../lambdas/config/feeds.ts';
import type { FeedConfig } from '../lambdas/ports.ts';
import { parseCaseFile } from '../seed/load-case.ts';

/** A context value that does not validate; the message names the key and the problem. */
export class StackConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackConfigError';
  }
}

/** The SNS message attributes the poller sets on every alert; filter policies may use only these. */
export const ALERT_ATTRIBUTES = ['caseId', 'accused', 'eventType', 'country'] as const;

/** Subscriber kinds a filter policy can be given for. */
export const SUBSCRIBER_KINDS = ['email', 'sms'] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/** One attribute's condition list, as SNS filter policies write it (`["a", {"prefix": "b"}]`). */
export type FilterConditions = readonly (string | Record<string, unknown>)[];
export type FilterPolicy = Readonly<Record<string, FilterConditions>>;

/** One case file read at synth: its record and its exact bytes (the seed resource hashes them). */
export interface CaseFile {
  readonly path: string;
  readonly name: string;
  readonly text: string;
  readonly record: CaseRecord;
}

export interface CasewatchConfig {
  readonly alertEmails: readonly string[];
  readonly alertPhones: readonly string[];
  /** Ops alarm recipients (optional; the ops topic exists either way). */
  readonly opsEmails: readonly string[];
  readonly alertFilter: Partial<Record<SubscriberKind, FilterPolicy>>;
  /** Minutes between poll cycles, 1..1440. */
  readonly pollRate: number;
  readonly feedsPath: string;
  readonly feeds: readonly FeedConfig[];
  readonly caseFilesPath: string;
  readonly caseFiles: readonly CaseFile[];
  readonly retainData: boolean;
}

/** Defaults of every optional context key (the README's context table shows the same). */
export const CONTEXT_DEFAULTS = {
  pollRate: 10,
  feeds: 'config/feeds.json',
  caseFiles: 'seed/',
  retainData: true,
} as const;

/** Reads one context key; `undefined` when absent. */
export type ContextReader = (key: string) => unknown;

const EMAIL = z.email();
// E.164: "+", country code (no leading 0), at most 15 digits in all.
const E164 = /^\+[1-9]\d{1,14}$/;

/** Splits a comma-separated context value; accepts a JSON array too (cdk.json). */
function splitList(key: string, raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  if (Array.isArray(raw)) return raw.map((v) => String(v).trim()).filter(Boolean);
  if (typeof raw !== 'string') throw new StackConfigError(`context "${key}": expected a comma-separated string, got ${JSON.stringify(raw)}`);
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseEmails(key: string, raw: unknown): string[] {
  const list = splitList(key, raw);
  for (const e of list) {
    if (!EMAIL.safeParse(e).success) throw new StackConfigError(`context "${key}": "${e}" is not an email address`);
  }
  return unique(list);
}

function parsePhones(raw: unknown): string[] {
  const list = splitList('alertPhones', raw).map((p) => p.replace(/[\s-]/g, ''));
  for (const p of list) {
    if (!E164.test(p)) {
      throw new StackConfigError(`context "alertPhones": "${p}" is not an E.164 phone number (e.g. +15555550100)`);
    }
  }
  return unique(list);
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

const PollRate = z.coerce
  .number({ error: 'must be a whole number of minutes' })
  .int('must be a whole number of minutes')
  .min(1, 'must be at least 1 minute')
  .max(1440, 'must be at most 1440 minutes (one day)');

function parsePollRate(raw: unknown): number {
  if (raw === undefined || raw === '') return CONTEXT_DEFAULTS.pollRate;
  const r = PollRate.safeParse(typeof raw === 'string' ? raw.trim() : raw);
  if (!r.success) throw new StackConfigError(`context "pollRate": ${JSON.stringify(raw)} ${r.error.issues[0]!.message}`);
  return r.data;
}

function parseBoolean(key: string, raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new StackConfigError(`context "${key}": expected true or false, got ${JSON.stringify(raw)}`);
}

const Condition = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);
const PolicySchema = z.record(z.string(), z.array(Condition).min(1, 'needs at least one value'));
const FilterSchema = z.record(z.string(), PolicySchema);

/**
 * Parses `alertFilter`. Two forms:
 * - JSON: `{"sms": {"eventType": ["arrest_request", "detention"]}, "email": {...}}`, each value an
 *   SNS filter policy on the alert's message attributes;
 * - short: `sms:eventType=arrest_request|detention;email:country=AR|BR` (exact matches only).
 */
export function parseAlertFilter(raw: unknown): Partial<Record<SubscriberKind, FilterPolicy>> {
  if (raw === undefined || raw === '') return {};
  let value: unknown = raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    value = text.startsWith('{') ? parseJson(text) : parseShortFilter(text);
  }
  const r = FilterSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new StackConfigError(`context "alertFilter"${where}: ${issue.message}`);
  }
  const out: Partial<Record<SubscriberKind, FilterPolicy>> = {};
  for (const [kind, policy] of Object.entries(r.data)) {
    if (!(SUBSCRIBER_KINDS as readonly string[]).includes(kind)) {
      throw new StackConfigError(`context "alertFilter": unknown subscriber kind "${kind}" (use ${SUBSCRIBER_KINDS.join(' or ')})`);
    }
    for (const [attr, conditions] of Object.entries(policy)) {
      // A misspelt attribute would make the filter match nothing: subscribers would never hear.
      if (!(ALERT_ATTRIBUTES as readonly string[]).includes(attr)) {
        throw new StackConfigError(`context "alertFilter": ${kind} filters on unknown attribute "${attr}" (alerts carry ${ALERT_ATTRIBUTES.join(', ')})`);
      }
      if (attr === 'eventType') {
        for (const c of conditions) {
          if (typeof c === 'string' && !(EVENT_TYPES as readonly string[]).includes(c)) {
            throw new StackConfigError(`context "alertFilter": ${kind} eventType "${c}" is not one of ${EVENT_TYPES.join(', ')}`);
          }
        }
      }
    }
    out[kind as SubscriberKind] = policy;
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StackConfigError(`context "alertFilter": not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

function parseShortFilter(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const part of text.split(';').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z]+):([A-Za-z]+)=(.+)$/.exec(part);
    if (!m) {
      throw new StackConfigError(`context "alertFilter": "${part}" is neither JSON nor kind:attribute=value|value (e.g. sms:eventType=arrest_request|detention)`);
    }
    const [, kind, attr, values] = m as unknown as [string, string, string, string];
    const policy = (out[kind] ??= {});
    policy[attr] = [...(policy[attr] ?? []), ...values.split('|').map((v) => v.trim()).filter(Boolean)];
  }
  return out;
}

/** Reads and validates the feed list file with the same parser the CLI and the poller use. */
export function readFeedsFile(path: string): FeedConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StackConfigError(`context "feeds": cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  try {
    return parseFeedList(text, path);
  } catch (err) {
    throw new StackConfigError(`context "feeds": ${(err as Error).message}`, { cause: err });
  }
}

/** Reads the case files: every `*.json` in a folder, or one file. */
export function readCaseFiles(path: string): CaseFile[] {
  let paths: string[];
  try {
    paths = statSync(path).isDirectory()
      ? readdirSync(path).filter((n) => n.endsWith('.json')).sort().map((n) => join(path, n))
      : [path];
  } catch (err) {
    throw new StackConfigError(`context "caseFiles": cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  if (paths.length === 0) throw new StackConfigError(`context "caseFiles": no *.json case file in ${path}`);
  const files = paths.map((p) => {
    const text = readFileSync(p, 'utf8');
    let record: CaseRecord;
    try {
      record = parseCaseFile(text, p);
    } catch (err) {
      throw new StackConfigError(`context "caseFiles": ${(err as Error).message}`, { cause: err });
    }
    if (typeof record.caseId !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(record.caseId)) {
      throw new StackConfigError(`context "caseFiles": ${p} has no valid caseId (lower-case letters, digits, "-")`);
    }
    return { path: p, name: basename(p), text, record };
  });
  const ids = files.map((f) => f.record.caseId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new StackConfigError(`context "caseFiles": case "${dup}" appears in more than one file`);
  return files;
}

/** A digest of the case files' names and bytes: it changes exactly when the seed data does. */
export function caseFilesDigest(files: readonly CaseFile[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) h.update(f.name).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

/**
 * Parses every context key. `root` resolves the relative `feeds` and `caseFiles` paths
 * (the folder holding cdk.json, i.e. the working directory of `cdk synth`).
 */
export function parseConfig(read: ContextReader, root: string = process.cwd()): CasewatchConfig {
  const feedsPath = resolve(root, stringValue('feeds', read('feeds')) ?? CONTEXT_DEFAULTS.feeds);
  const caseFilesPath = resolve(root, stringValue('caseFiles', read('caseFiles')) ?? CONTEXT_DEFAULTS.caseFiles);
  if (!existsSync(feedsPath)) {
    throw new StackConfigError(`context "feeds": ${feedsPath} does not exist (write a {"feeds": [...]} file or pass -c feeds=PATH)`);
  }
  return {
    alertEmails: parseEmails('alertEmails', read('alertEmails')),
    alertPhones: parsePhones(read('alertPhones')),
    opsEmails: parseEmails('opsEmails', read('opsEmails')),
    alertFilter: parseAlertFilter(read('alertFilter')),
    pollRate: parsePollRate(read('pollRate')),
    feedsPath,
    feeds: readFeedsFile(feedsPath),
    caseFilesPath,
    caseFiles: readCaseFiles(caseFilesPath),
    retainData: parseBoolean('retainData', read('retainData'), CONTEXT_DEFAULTS.retainData),
  };
}

function stringValue(key: string, raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new StackConfigError(`context "${key}": expected a path, got ${JSON.stringify(raw)}`);
  return raw;
}
