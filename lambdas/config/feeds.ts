/**
 * The feed list (config/feeds.json, or the FEEDS_JSON variable in Lambda), parsed once at the
 * edge with zod so the rest of the code receives typed, checked values.
 */
import * as z from 'zod/mini';
import { textMatching } from './checks.ts';
import type { FeedConfig } from '../ports.ts';

export const FeedConfigSchema = z.object(
  {
    id: textMatching(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'feed ids are lower-case letters, digits, ".", "_" or "-" (at most 64)'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    lang: z.optional(textMatching(/^[a-z]{2}$/, 'a two-letter language code')),
    name: z.optional(z.string({ error: 'must be text' }).check(z.minLength(1, 'must not be empty'))),
  },
  { error: 'must be an object with id and url' },
);

export const FeedListSchema = z.array(FeedConfigSchema, { error: 'must be a list of feeds' }).check(
  z.minLength(1, 'at least one feed'),
  z.superRefine((feeds, ctx) => {
    const seen = new Set<string>();
    feeds.forEach((f, i) => {
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate feed id '${f.id}'`, input: f.id });
      seen.add(f.id);
    });
  }),
);

/** A feed list that does not validate; the message names the place and the problem. */
export class FeedConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedConfigError';
  }
}

/**
 * Parses a feed list from JSON text: either `{"feeds": [...]}` (the file) or a bare array (the
 * Lambda variable). `origin` names the file or variable in error messages.
 */
export function parseFeedList(text: string, origin: string): FeedConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new FeedConfigError(`${origin}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const list = Array.isArray(raw) ? raw : (raw as { feeds?: unknown } | null)?.feeds;
  const result = z.safeParse(FeedListSchema, list);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = ['feeds', ...issue.path].map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new FeedConfigError(`${origin}: ${where}: ${issue.message}`);
  }
  return result.data;
}
