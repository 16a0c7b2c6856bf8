/**
 * Schema pieces shared by the Lambda's configuration. They use zod's `mini` build, whose
 * functions tree-shake: the full build alone was 443 KB of the 750 KB poller bundle (benchmark).
 * Mini carries no message locale, so every check states its own message.
 */
import * as z from 'zod/mini';

/** A whole number greater than zero. */
export const positiveInteger = () => z.number({ error: 'must be a number' }).check(z.refine((n) => Number.isInteger(n) && n > 0, 'must be a whole number greater than 0'));

/** A whole number in [min, max]. */
export const integerBetween = (min: number, max: number) =>
  z.number({ error: 'must be a number' }).check(z.refine((n) => Number.isInteger(n) && n >= min && n <= max, `must be a whole number from ${min} to ${max}`));

/** A string, trimmed, not empty. */
export const nonEmptyText = () => z.string({ error: 'must be text' }).check(z.trim(), z.minLength(1, 'must not be empty'));

/** A string that matches `pattern`, with `message` when it does not. */
export const textMatching = (pattern: RegExp, message: string) => z.string({ error: 'must be text' }).check(z.regex(pattern, message));
