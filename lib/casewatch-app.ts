/**
 * Builds the casewatch CDK app: context parsed into a config, the stack, and cdk-nag's
 * AwsSolutions pack as a validation plugin, so synth fails on any unacknowledged finding.
 * `bin/app.ts` and the infrastructure tests both build the app through here.
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig, type CasewatchConfig } from './config.ts';
import { CasewatchStack } from './casewatch-stack.ts';

export const STACK_ID = 'Casewatch';

export interface CasewatchAppOptions extends AppProps {
  /** Folder the relative `feeds` and `caseFiles` paths resolve from. @default process.cwd() */
  readonly root?: string;
  /** Register cdk-nag's AwsSolutions checks. @default true */
  readonly nag?: boolean;
}

export interface CasewatchApp {
  readonly app: App;
  readonly stack: CasewatchStack;
  readonly config: CasewatchConfig;
}

/** Creates the app and its stack; throws `StackConfigError` on a bad context value. */
export function buildCasewatchApp(options: CasewatchAppOptions = {}): CasewatchApp {
  const { root, nag = true, ...appProps } = options;
  const app = new App(appProps);
  const config = parseConfig((key) => app.node.tryGetContext(key), root);
  const stack = new CasewatchStack(app, STACK_ID, {
    config,
    description: 'casewatch: news-feed monitoring of a criminal case, alerts by email and SMS',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}
