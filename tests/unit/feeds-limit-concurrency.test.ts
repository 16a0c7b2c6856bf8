import { describe, expect, it } from 'vitest';
import { limitConcurrency } from '../../lambdas/feeds/limit-concurrency.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('limitConcurrency', () => {
  it('runs at most maxPerHost tasks of one host and maxInFlight overall', async () => {
    const limiter = limitConcurrency({ maxInFlight: 3, maxPerHost: 2 });
    const running = new Map<string, number>();
    let peak = 0;
    const peakPerHost = new Map<string, number>();
    const gates: Array<ReturnType<typeof deferred>> = [];
    let finished = 0;
    const urls = ['http://a.example/1', 'http://a.example/2', 'http://a.example/3', 'http://b.example/1', 'http://b.example/2', 'http://c.example/1'];
    const done = urls.map((url) =>
      limiter.run(url, async () => {
        const host = new URL(url).host;
        running.set(host, (running.get(host) ?? 0) + 1);
        peakPerHost.set(host, Math.max(peakPerHost.get(host) ?? 0, running.get(host)!));
        peak = Math.max(peak, [...running.values()].reduce((a, b) => a + b, 0));
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        running.set(host, running.get(host)! - 1);
        finished++;
        return url;
      }),
    );
    await tick();
    expect(limiter.active).toBe(3);
    // a.example/3 waits for its host; b.example/1 starts in the free global slot.
    expect(gates).toHaveLength(3);
    while (finished < urls.length) {
      gates.shift()?.resolve();
      await tick();
    }
    expect(await Promise.all(done)).toEqual(urls);
    expect(peak).toBe(3);
    expect(Math.max(...peakPerHost.values())).toBe(2);
  });

  it('passes on a failing task\'s error and frees its slot', async () => {
    const limiter = limitConcurrency({ maxInFlight: 1, maxPerHost: 1 });
    await expect(limiter.run('http://x.example/', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run('http://x.example/', async () => 'next')).toBe('next');
    expect(limiter.active).toBe(0);
  });

  it('refuses limits that are not positive integers', () => {
    expect(() => limitConcurrency({ maxInFlight: 0 })).toThrow();
  });
});
