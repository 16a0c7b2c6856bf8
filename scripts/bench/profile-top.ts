/**
 * `tsx scripts/bench/profile-top.ts FILE.cpuprofile [N]`: the N functions with the most self time
 * in a V8 CPU profile (from `npm run bench -- --cpu-prof DIR`), with the bundle's source map
 * left aside: names and bundle offsets are enough to see where a cycle's CPU goes.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from: a package outside the bundle, the bundle, Node itself or V8. */
function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : 'native';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg.startsWith('@smithy/') || pkg.startsWith('@aws-sdk/') ? 'AWS SDK (@aws-sdk, @smithy)' : pkg;
  if (url.startsWith('node:')) return 'node internals';
  return `bundle ${url.split('/').slice(-2).join('/')}`;
}

async function main(): Promise<void> {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/profile-top.ts FILE.cpuprofile [N]');
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const origin = originOf(f.url, f.functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + dt);
  });
  console.log(`total ${(total / 1e6).toFixed(2)} s sampled; self time by origin:`);
  [...byOrigin.entries()].sort((a, b) => b[1] - a[1]).forEach(([k, us]) => console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`));
  // Inclusive time: a sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const onStack = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName && !f.functionName.startsWith('(')) onStack.add(`${f.functionName} ${f.url.split('/').slice(-2).join('/')}`);
    }
    for (const k of onStack) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  });
  console.log('top functions by inclusive time (synchronous stacks only: awaited work is not under its caller):');
  [...inclusive.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n))
    .forEach(([key, us]) => console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`));
  console.log('top functions by self time:');
  [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n))
    .forEach(([key, us]) => console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
