/**
 * Privacy in free text: text that looks like a person's full name ("Jordan Taylor told his coach Mike Brown")
 * gets a warning before everyone in the chat sees it. Pure; the agency's `nameCheck` decides warn or refuse.
 */
import { fail, type Outcome, ok } from './outcome.js';
import type { AgencySettings } from './types.js';

/** Longest text scanned (fields are bounded by maxTextLength before this; this bounds the work regardless). */
const MAX_SCAN = 8000;

/**
 * Capitalised words that are not names (roles, services, places, days, months, sentence openers): a run of
 * capitalised words containing one of them is not taken for a person's name.
 */
const NOT_NAMES = new Set(
  (
    'a an the and or but if so of in on at to for with from by as is was be we i you he she they it this that these ' +
    'those our my his her their its what who how why when where which can could will would should may might must ' +
    'has have had not no been do does did done tried before after again also all any some more most other than then ' +
    'there here up out about into over under just only very now today tomorrow yesterday yes please thanks ' +
    'ask call meet talk visit contact invite find help set get try use review schedule plan check keep make send ' +
    'youth child children kid kids mother mom mum father dad parent parents aunt uncle grandma grandpa grandmother ' +
    'grandfather sister brother cousin foster kin kinship family families team meeting meetings court appointed ' +
    'special advocate casa judge attorney lawyer guardian ad litem department services service agency county state ' +
    'city new york los angeles san francisco north south east west school high middle elementary college university ' +
    'center centre hospital clinic health mental behavioral behavioural medicaid office unit program programme ' +
    'permanency roundtable action case caseworker supervisor facilitator consultant barrier buster plan step ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december independent living adoption reunification guardianship relative placement ' +
    'street road avenue st rd ave church club league coach mr mrs ms dr miss sir'
  ).split(' '),
);

/** A capitalised word, also O’Brien, McDonald, MacLeod, Lopez-Garcia, D'Angelo. */
const WORD = /^(?:\p{Lu}['’]|Ma?c)?\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?$/u;

/** What may separate the words of one name: spaces, tabs, no-break and zero-width spaces (not a line break). */
const NAME_GAP = /^[ \t\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]+$/u;

/**
 * The runs of two or more capitalised words in `text` that look like a person's full name. A run holds only
 * words separated by spaces: "Fact 1: Search" or "home. Maria" are not one name.
 */
export function findFullNames(text: string): string[] {
  // Composed form, invisible format characters (zero-width, direction overrides, soft hyphen) dropped:
  // "José" typed as e + a combining accent, or "Jor\u200bdan", is still one word.
  const scanned = text
    .slice(0, MAX_SCAN)
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '');
  const found: string[] = [];
  let run: string[] = [];
  const close = () => {
    if (run.length >= 2) found.push(run.join(' '));
    run = [];
  };
  let previousEnd = -1;
  for (const m of scanned.matchAll(/[\p{L}'’-]+/gu)) {
    const w = m[0];
    if (previousEnd < 0 || !NAME_GAP.test(scanned.slice(previousEnd, m.index))) close();
    if (WORD.test(w) && !NOT_NAMES.has(w.toLowerCase())) run.push(w);
    else close();
    previousEnd = m.index + w.length;
  }
  close();
  return found;
}

/**
 * The check every free-text field goes through. `keepAsWritten`: the writer pressed "Keep as written" after the
 * warning (honoured unless the agency refuses names). Never echoes the text: the message names no name.
 */
export function checkNames(
  texts: readonly (string | undefined)[],
  mode: AgencySettings['nameCheck'],
  keepAsWritten = false,
): Outcome<true> {
  if (mode === 'off') return ok(true);
  const named = texts.some((t) => t !== undefined && findFullNames(t).length > 0);
  if (!named || (keepAsWritten && mode === 'warn')) return ok(true);
  return mode === 'refuse'
    ? fail(
        'invalid',
        'That text looks like it names a person in full, and others will read it (the chat, the plan, its follow-up). Use initials or a role (J.T., the mother, the coach) and submit again.',
      )
    : fail(
        'looks-like-name',
        'That text looks like it names a person in full, and others will read it (the chat, the plan, its follow-up). Use initials or a role (J.T., the mother, the coach), or press "Keep as written" if the name may be shared (a professional, for example). What you typed is still in its box.',
      );
}
