import { createHash } from 'node:crypto';
import { fail, type Outcome, ok } from './outcome.js';

/** Input checks shared by every domain operation: free text, case aliases, ids and dates. */

const ALIAS_MAX = 40;
/** Longest short free-text field (a step's supporter). */
export const SHORT_MAX = 200;

/** Case aliases: initials or a short code; letters, digits, spaces and . _ - only. */
export function validateAlias(raw: string): Outcome<string> {
  const alias = raw.trim().replace(/\s+/g, ' ');
  if (!alias)
    return fail('invalid', 'Give the case alias: `start <case alias>`, for example `start J.T. 2024`.');
  if (alias.length > ALIAS_MAX)
    return fail('invalid', `The case alias is too long (${ALIAS_MAX} characters at most).`);
  if (!/^[\p{L}\p{N} ._-]+$/u.test(alias)) {
    return fail('invalid', 'Use letters, digits, spaces, dots, dashes or underscores in the case alias.');
  }
  const words = alias.split(' ');
  if (words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}\p{Ll}+$/u.test(w))) {
    return fail(
      'invalid',
      'That looks like a full name. Cards are seen by everyone in the chat: use initials or a case code, for example `J.S.` or `Case 4711`.',
    );
  }
  return ok(alias);
}

/** Trims and checks a required free-text field. */
export function cleanText(raw: unknown, label: string, max: number): Outcome<string> {
  if (typeof raw !== 'string') return fail('invalid', `${label} is missing.`);
  const text = raw.replace(/\r\n/g, '\n').trim();
  // Only spaces and invisible characters (zero-width, BOM, direction marks) count as empty.
  if (!text.replace(/[\p{Cf}\p{Z}\s]/gu, '')) return fail('invalid', `${label} is empty.`);
  if (text.length > max)
    return fail('invalid', `${label} is too long: ${text.length} characters, ${max} at most.`);
  return ok(text);
}

/** Trims and checks an optional free-text field: blank is undefined. */
export function optionalText(raw: unknown, label: string, max: number): Outcome<string | undefined> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
    return ok(undefined);
  return cleanText(raw, label, max);
}

/** Ids the bot itself makes (`rt-<uuid>`, `c-<hex>`): anything else is not found, never sent to storage. */
export function isKnownIdShape(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(id);
}

/** A contribution's id from what makes a submission unique: a replay of the same action gets the same id. */
export function contributionId(parts: string[]): string {
  return `c-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

/** YYYY-MM-DD that is a real calendar date. */
export function isIsoDate(s: unknown): s is string {
  return (
    typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  );
}

/** `days` after `now`, as YYYY-MM-DD. */
export function dateInDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Parses "J.T., 9" lines into the sibling group; at least one child, aliases only. */
export function parseChildren(raw: unknown): Outcome<{ alias: string; age?: number }[]> {
  if (typeof raw !== 'string' || !raw.trim()) {
    return fail('invalid', 'List the children in the sibling group, one per line as "alias, age".');
  }
  const lines = raw
    .split(/\r?\n|;/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 12) return fail('invalid', 'A sibling group of at most 12 children.');
  const children: { alias: string; age?: number }[] = [];
  for (const line of lines) {
    const [aliasRaw = '', ageRaw] = line.split(',').map((s) => s.trim());
    const alias = validateAlias(aliasRaw);
    if (!alias.ok) return fail('invalid', `Child "${aliasRaw.slice(0, 40)}": ${alias.failure.message}`);
    let age: number | undefined;
    if (ageRaw) {
      age = Number(ageRaw);
      if (!Number.isInteger(age) || age < 0 || age > 25)
        return fail('invalid', "A child's age is a whole number from 0 to 25.");
    }
    if (children.some((c) => c.alias === alias.value))
      return fail('invalid', 'Each child needs a different alias.');
    children.push(age === undefined ? { alias: alias.value } : { alias: alias.value, age });
  }
  return ok(children);
}
