/** `casewatch db`: serves the embedded DynamoDB on 127.0.0.1 (seeded) until interrupted. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openCaseTable } from '../local/embedded.ts';

const HELP = `usage: casewatch db [--port N]

Serves the embedded DynamoDB (.casewatch/db) on 127.0.0.1:N (default 8000), creating and
seeding the table when missing, until Ctrl-C. Point the AWS CLI or casewatch at it with
--endpoint-url http://127.0.0.1:N or AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:N.`;

const Port = z.coerce.number().int().min(1).max(65535);

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '8000' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Port.safeParse(values.port);
  if (!port.success) {
    console.error(`casewatch db: --port must be a port number (1-65535), not '${values.port}'`);
    return 2;
  }
  const table = await openCaseTable({ port: port.data, forceEmbedded: true });
  if (table.seeded) console.log(`casewatch: seeded ${table.seeded.accusedWritten} accused, ${table.seeded.eventsWritten} events`);
  console.log(`casewatch: DynamoDB local on ${table.endpoint} (table ${table.tableName})`);
  console.log('casewatch: press Ctrl-C to stop');
  await new Promise<void>((ok) => {
    process.once('SIGINT', ok);
    process.once('SIGTERM', ok);
  });
  await table.close();
  console.log('casewatch: stopped');
  return 0;
}
