#!/usr/bin/env node
/** CDK entry (cdk.json runs `node --import tsx bin/app.ts`): builds the casewatch stack. */
import { StackConfigError } from '../lib/config.ts';
import { buildCasewatchApp } from '../lib/casewatch-app.ts';

try {
  buildCasewatchApp().app.synth();
} catch (err) {
  if (!(err instanceof StackConfigError)) throw err;
  // A bad -c value is the user's to fix: one line, no stack trace.
  console.error(`casewatch: ${err.message}`);
  process.exit(1);
}
