/**
 * Loads case files (seed/<case>.json) into CaseRecords. The seeder, the scan command and the
 * tests all read seed data through here; every file is validated by `schema.ts` first.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventId } from '../lambdas/domain/keys.ts';
import type { CaseRecord, RecordEvent } from '../lambdas/domain/types.ts';
import { CaseFileError, caseFileSchema, describeIssue, type CaseFileRules } from './schema.ts';

export { CaseFileError } from './schema.ts';
export type { CaseFileIssue, CaseFileRules } from './schema.ts';

/** Folder holding the case files shipped with casewatch. */
export const SEED_DIR = dirname(fileURLToPath(import.meta.url));

/** The path as a person would type it: relative to the working directory when inside it. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Parses and validates one case file's JSON text; `path` names the file in error messages.
 * @throws CaseFileError naming the file, the place in it and the problem.
 */
export function parseCaseFile(text: string, path: string, rules: CaseFileRules = {}): CaseRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CaseFileError(path, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }], { cause: err });
  }
  const parsed = caseFileSchema(rules).safeParse(raw);
  if (!parsed.success) {
    throw new CaseFileError(
      path,
      parsed.error.issues.map((i) => describeIssue(i, raw)),
      { cause: parsed.error },
    );
  }
  const file = parsed.data;
  const events: RecordEvent[] = file.events.map((e) => ({
    ...e,
    id: eventId(e),
    caseId: file.caseId,
    origin: 'seed',
  }));
  return { ...file, events };
}

/** Reads and validates one case file. */
export async function loadCaseFile(path: string, rules: CaseFileRules = {}): Promise<CaseRecord> {
  return parseCaseFile(await readFile(path, 'utf8'), displayPath(path), rules);
}

/**
 * Reads every `*.json` case file in a folder (default: the shipped seed folder). A second case is
 * added by adding a file; two files with the same `caseId` are refused.
 */
export async function loadCaseFiles(dir: string = SEED_DIR, rules: CaseFileRules = {}): Promise<CaseRecord[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const records = await Promise.all(names.map((n) => loadCaseFile(join(dir, n), rules)));
  const seen = new Map<string, string>();
  records.forEach((r, i) => {
    const file = displayPath(join(dir, names[i]!));
    const first = seen.get(r.caseId);
    if (first) throw new CaseFileError(file, [{ path: 'caseId', message: `case '${r.caseId}' is already defined in ${first}` }]);
    seen.set(r.caseId, file);
  });
  return records;
}

/** The record as it stood on `asOf` (YYYY-MM-DD): only events dated before that day. */
export function recordAsOf(record: CaseRecord, asOf: string): CaseRecord {
  return { ...record, events: record.events.filter((e) => firstDay(e.date) < asOf) };
}

/** A partial date counts as its first day, as types.ts promises ("2017-05" -> "2017-05-01"). */
function firstDay(date: string): string {
  return date.length === 7 ? `${date}-01` : date.length === 4 ? `${date}-01-01` : date;
}
