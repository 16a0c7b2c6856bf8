/**
 * A small limiter for polite polling: at most N feeds in flight overall and M per host, tasks
 * started in the order they were queued as far as those limits allow.
 */
import * as z from 'zod/mini';
import { positiveInteger } from '../config/checks.ts';

/** Limits of {@link limitConcurrency}, validated with zod. */
export const ConcurrencyLimitsSchema = z.object({
  /** Feeds fetched at once, all hosts together. @default 8 */
  maxInFlight: z._default(positiveInteger(), 8),
  /** Feeds fetched at once from one host. @default 2 */
  maxPerHost: z._default(positiveInteger(), 2),
});

export type ConcurrencyLimits = z.input<typeof ConcurrencyLimitsSchema>;

/** Runs tasks under the limits; `key` is usually the feed URL (its host is what counts). */
export interface Limiter {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly pending: number;
}

/** The host a URL counts against ("example.com:8080"); a key that is not a URL counts as itself. */
export function hostKey(key: string): string {
  try {
    return new URL(key).host.toLowerCase() || key;
  } catch {
    return key;
  }
}

interface Waiting {
  readonly host: string;
  readonly start: () => void;
}

/** Creates a limiter shared by one poll cycle. */
export function limitConcurrency(limits: ConcurrencyLimits = {}): Limiter {
  const { maxInFlight, maxPerHost } = z.parse(ConcurrencyLimitsSchema, limits);
  const perHost = new Map<string, number>();
  const queue: Waiting[] = [];
  let active = 0;

  const canStart = (host: string) => active < maxInFlight && (perHost.get(host) ?? 0) < maxPerHost;

  const pump = () => {
    for (let i = 0; i < queue.length && active < maxInFlight; ) {
      const w = queue[i]!;
      if (canStart(w.host)) {
        queue.splice(i, 1);
        w.start();
      } else {
        i++;
      }
    }
  };

  return {
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const host = hostKey(key);
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          active++;
          perHost.set(host, (perHost.get(host) ?? 0) + 1);
          // The slot is free before the caller hears the result, so it may queue the next task at once.
          const release = () => {
            active--;
            const n = (perHost.get(host) ?? 1) - 1;
            if (n) perHost.set(host, n);
            else perHost.delete(host);
            pump();
          };
          Promise.resolve()
            .then(task)
            .then(
              (value) => {
                release();
                resolve(value);
              },
              (err: unknown) => {
                release();
                reject(err);
              },
            );
        };
        queue.push({ host, start });
        pump();
      });
    },
  };
}
