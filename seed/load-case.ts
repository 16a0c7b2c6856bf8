/**
 * Loads case files (seed/<case>.json) into CaseRecords. The seeder, the scan command and the
 * tests all read seed data through here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventId } from '../lambdas/domain/keys.ts';
import type { CaseRecord, RecordEvent } from '../lambdas/domain/types.ts';

/** Folder holding the case files shipped with casewatch. */
export const SEED_DIR = dirname(fileURLToPath(import.meta.url));

/** Parses one case file's JSON text; `path` names the file in error messages. */
export function parseCaseFile(text: string, path: string): CaseRecord {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  const events: RecordEvent[] = raw.events.map((e: any) => ({
    ...e,
    caseId: raw.caseId,
    origin: 'seed',
    id: eventId(e),
  }));
  return { ...raw, events };
}

/** Reads one case file. */
export async function loadCaseFile(path: string): Promise<CaseRecord> {
  return parseCaseFile(await readFile(path, 'utf8'), path);
}

/** Reads every `*.json` case file in a folder (default: the shipped seed folder). */
export async function loadCaseFiles(dir: string = SEED_DIR): Promise<CaseRecord[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map((n) => loadCaseFile(join(dir, n))));
}

/** The record as it stood on `asOf` (YYYY-MM-DD): only events dated before that day. */
export function recordAsOf(record: CaseRecord, asOf: string): CaseRecord {
  return { ...record, events: record.events.filter((e) => e.date < asOf) };
}
