/** `casewatch poll`: one poll cycle over config/feeds.json (this is `npm start`). */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseFeedList } from '../../lambdas/config/feeds.ts';
import { runLocalCycle } from '../local/run-local-cycle.ts';

const HELP = `usage: casewatch poll [--feeds FILE] [--now] [--json]

Polls every feed once against the case table and publishes alerts for new events.
  --feeds FILE   feed list (default config/feeds.json)
  --now          also poll feeds that are backing off after failures
  --json         print the cycle summary as one JSON line at the end
Uses the embedded DynamoDB (.casewatch/db) and SNS endpoint unless AWS_ENDPOINT_URL_DYNAMODB,
AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL or CASEWATCH_TOPIC_ARN name real ones.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      feeds: { type: 'string', default: 'config/feeds.json' },
      now: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const feeds = parseFeedList(await readFile(values.feeds, 'utf8').catch((err: Error) => Promise.reject(new Error(`cannot read ${values.feeds}: ${err.message}`))), values.feeds);
  const { summary } = await runLocalCycle({ feeds, ignoreBackoff: values.now });
  if (values.json) console.log(JSON.stringify({ ...summary, feeds: undefined }));
  return 0;
}
