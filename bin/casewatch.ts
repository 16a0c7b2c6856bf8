#!/usr/bin/env -S npx tsx
/**
 * The `casewatch` command line. Each command lives in bin/commands/<name>.ts and is loaded
 * only when used, so `casewatch scan` does not pay for the CDK or the embedded database.
 */
// The SDK warns on every run that its releases after January 2027 need Node 22; the pinned
// versions here support Node 20, so the warning is noise for a CLI user.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  poll: { summary: 'run one poll cycle (embedded DynamoDB and SNS unless AWS_ENDPOINT_URL_* is set)', load: () => import('./commands/poll.ts') },
  demo: { summary: 'serve the sample feed locally and poll it with the record as of 2019-11-01', load: () => import('./commands/demo.ts') },
  db: { summary: 'serve the embedded DynamoDB on 127.0.0.1 (seeded) until interrupted', load: () => import('./commands/db.ts') },
  seed: { summary: 'write the case record from seed/*.json into the table (idempotent)', load: () => import('./commands/seed.ts') },
  query: { summary: 'query accused, events and sources', load: () => import('./commands/query.ts') },
  scan: { summary: 'detect events in RSS/Atom files, directories or URLs without storing anything', load: () => import('./commands/scan.ts') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(6)} ${c.summary}`);
  return `usage: casewatch <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'casewatch <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`casewatch: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`casewatch: ${(err as Error).message}`);
      process.exitCode = 2;
      return;
    }
    // A user sees one line; CASEWATCH_DEBUG=1 shows the stack for a bug report.
    const message = err instanceof Error ? err.message : String(err);
    console.error(`casewatch: ${message}`);
    if (process.env.CASEWATCH_DEBUG) console.error(err);
    process.exitCode = 1;
  },
);
