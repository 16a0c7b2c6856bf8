/**
 * Builds the casewatch app for assertions: cdk.json's feature flags, bundling skipped (no
 * esbuild run per test), CloudFormation's default validation off (CDK_VALIDATION=false saves
 * about 3 s a synth); cdk-nag stays on unless a test turns it off.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCasewatchApp, type CasewatchApp } from '../../lib/casewatch-app.ts';

process.env.CDK_VALIDATION = 'false';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/** Two feeds in a temporary file, so assertions do not depend on the shipped feed list. */
export const TEST_FEEDS = [
  { id: 'jta', url: 'https://www.jta.org/feed', lang: 'en', name: 'JTA' },
  { id: 'infobae', url: 'https://www.infobae.com/feeds/rss/', lang: 'es' },
];

/** A temporary folder holding `feeds.json` with the given list; returns the file's path. */
export function writeFeedsFile(feeds: unknown = { feeds: TEST_FEEDS }): string {
  const dir = mkdtempSync(join(tmpdir(), 'casewatch-infra-'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'feeds.json');
  writeFileSync(path, typeof feeds === 'string' ? feeds : JSON.stringify(feeds));
  return path;
}

export interface Synthesized extends CasewatchApp {
  readonly template: Template;
}

/** Builds the app with these context values (on top of cdk.json's) and returns its template. */
export function synth(context: Record<string, unknown> = {}, options: { nag?: boolean } = {}): Synthesized {
  const built = build(context, options);
  return { ...built, template: Template.fromStack(built.stack) };
}

/** Builds the app without synthesizing it (for tests that expect construction to throw). */
export function build(context: Record<string, unknown> = {}, options: { nag?: boolean } = {}): CasewatchApp {
  return buildCasewatchApp({
    root: repoRoot,
    nag: options.nag ?? true,
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], feeds: writeFeedsFile(), ...context },
  });
}
