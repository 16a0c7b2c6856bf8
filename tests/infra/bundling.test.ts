import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, synth } from './synth.ts';

// One real bundling run (local esbuild, no Docker): proves the seed data travels with the seeder.
describe('bundling with local esbuild', () => {
  it('puts the case files beside the seed handler and builds minified ESM with a source map', () => {
    const { app, template } = synth({ 'aws:cdk:bundling-stacks': ['**'] });
    const outdir = app.outdir;
    const assetDir = (fnId: string) => {
      const key: string = template.toJSON().Resources[fnId].Properties.Code.S3Key;
      return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    };
    const fns = template.findResources('AWS::Lambda::Function');
    const seederId = Object.keys(fns).find((id) => /seeder/.test(fns[id]!.Properties.Description))!;
    const pollerId = Object.keys(fns).find((id) => fns[id]!.Properties.ReservedConcurrentExecutions === 1)!;

    const seeder = assetDir(seederId);
    expect(readFileSync(join(seeder, 'cases', 'amia-1994.json'), 'utf8')).toBe(readFileSync(join(repoRoot, 'seed', 'amia-1994.json'), 'utf8'));
    for (const dir of [seeder, assetDir(pollerId)]) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'node:module';")).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      // Minified: long lines; unminified esbuild output of the seeder runs to thousands of lines.
      expect(code.split('\n').length).toBeLessThan(200);
    }
    expect(fns[seederId]!.Properties.Handler).toBe('index.handler');
  });
});
