/** `casewatch seed`: writes the case record from seed/*.json into the table, idempotently. */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TABLE_NAME_DEFAULT } from '../../lambdas/domain/keys.ts';
import { CaseFileError, SEED_DIR, loadCaseFiles } from '../../seed/load-case.ts';
import { datePrecisionOf } from '../../seed/schema.ts';
import { SeedError, seedTable } from '../../seed/seeder.ts';
import { LOCAL_DIR, ensureTable, openCaseTable } from '../local/embedded.ts';

const HELP = `usage: casewatch seed [--as-of YYYY-MM-DD] [--table NAME] [--dir DIR]

Validates every case file in DIR (default: seed/) and writes what the table lacks or holds
differently: the case, its accused and its events. A second run writes nothing. Events the
poller detected, and the articles attached to events, are never overwritten or deleted.

  --as-of DATE  seed only events dated before DATE (the demo's record is as of 2019-11-01)
  --table NAME  table name (default: $CASEWATCH_TABLE or ${TABLE_NAME_DEFAULT})
  --dir DIR     folder of case files (default: the shipped seed/)

Writes to the embedded database (.casewatch/db) unless AWS_ENDPOINT_URL_DYNAMODB (or
AWS_ENDPOINT_URL) names an endpoint: 'casewatch db', LocalStack, or AWS. The table is created
when missing.`;

const Flags = z.object({
  asOf: z
    .string()
    .refine((v) => datePrecisionOf(v) === 'day', { error: (i) => `--as-of must be a date YYYY-MM-DD, not '${String(i.input)}'` })
    .optional(),
  // DynamoDB's own rule for table names.
  table: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: (i) => `--table must be 3-255 letters, digits, '_', '-' or '.', not '${String(i.input)}'` })
    .optional(),
  dir: z.string().min(1).default(SEED_DIR),
});

/** A path relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** Runs `casewatch seed`; 0 on success, 1 when the file or the table refuses, 2 on bad flags. */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'as-of': { type: 'string' }, table: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`casewatch seed: ${(err as Error).message.split('. ')[0]} (see casewatch seed --help)`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const flags = Flags.safeParse({ asOf: values['as-of'], table: values.table, dir: values.dir });
  if (!flags.success) {
    console.error(`casewatch seed: ${flags.error.issues[0]!.message}`);
    return 2;
  }
  const { asOf, table: tableName, dir } = flags.data;

  let cases;
  try {
    // Every file is validated before anything is written.
    cases = await loadCaseFiles(resolve(dir));
  } catch (err) {
    if (err instanceof CaseFileError) {
      console.error(`casewatch seed: ${err.message}; nothing was written`);
      return 1;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`casewatch seed: no such folder: ${dir}`);
      return 2;
    }
    throw err;
  }
  if (cases.length === 0) {
    console.error(`casewatch seed: no case files (*.json) in ${dir}`);
    return 2;
  }

  const table = await openCaseTable({ tableName, ensureSeeded: false });
  try {
    const created = await ensureTable(table.doc, table.tableName);
    const where = `table ${table.tableName} ${table.embedded ? `in the embedded DynamoDB (${shortPath(join(LOCAL_DIR, 'db'))})` : `at ${table.endpoint}`}`;
    console.log(`casewatch: seeding ${where}${created ? ' (created)' : ''}${asOf ? `, events before ${asOf}` : ''}`);
    const report = await seedTable({ client: table.doc, tableName: table.tableName, cases, asOf, log: (line) => console.log(`casewatch: ${line}`) });
    if (cases.length > 1) {
      console.log(`casewatch: all cases: ${report.accusedWritten} accused, ${report.eventsWritten} events written, ${report.unchanged} unchanged`);
    }
    return 0;
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`casewatch seed: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await table.close();
  }
}
