/**
 * No words but from locales/ (#29 item 4). Every card is drawn in the pseudo-language `qps-ploc`, where every text
 * of locales/ reads as the English one in ⟦brackets⟧: what a card shows outside brackets must be data (names,
 * ideas, the alias, dates, the agency's practice words from its settings), never a word written into a template or
 * a builder. And the templates themselves hold no words: only `${bindings}` and `{{area:key}}` texts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PSEUDO_LANGUAGE } from '../../bot/i18n/text.js';
import { PHASE_INFO } from '../../bot/roundtable/phases.js';
import { DEFAULT_SETTINGS } from '../../bot/roundtable/settings.js';
import { PHASE_KEYS } from '../../bot/roundtable/types.js';
import { DEFAULT_YOUTH_SETTINGS } from '../../bot/roundtable/youth-agenda.js';
import type { AdaptiveCard } from '../../cards/kit.js';
import { realisticView } from '../support/realistic-view.js';
import { renderEverything } from '../support/render-everything.js';
import { TEMPLATES, templateFiles } from '../support/template-paths.js';

/** The properties of card elements that people read (or hear). */
const READ = new Set([
  'text',
  'title',
  'placeholder',
  'label',
  'errorMessage',
  'altText',
  'fallbackText',
  'speak',
]);

/** Every text a card shows, with where it is. */
function readable(card: unknown, at = 'card', out: { at: string; text: string }[] = []) {
  if (Array.isArray(card))
    card.forEach((c, i) => {
      readable(c, `${at}[${i}]`, out);
    });
  else if (card && typeof card === 'object') {
    const o = card as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      if (
        typeof v === 'string' &&
        (READ.has(k) || (k === 'value' && o.title !== undefined && at.includes('facts')))
      )
        out.push({ at: `${at}.${k}`, text: v });
      else readable(v, `${at}.${k}`, out);
    }
  }
  return out;
}

/** Every string of a value (the data the cards are drawn from). */
function strings(v: unknown, out = new Set<string>()): Set<string> {
  if (typeof v === 'string') out.add(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The data the realistic cards show: the views, the fixtures' literals, the agency's practice words. */
function dataTexts(): string[] {
  const data = new Set<string>();
  for (const phase of PHASE_KEYS)
    for (const ended of [false, true]) strings(realisticView(phase, { ended }), data);
  strings(DEFAULT_SETTINGS, data);
  strings(DEFAULT_YOUTH_SETTINGS, data);
  for (const info of Object.values(PHASE_INFO)) data.add(info.title);
  const source = readFileSync(join(__dirname, '..', 'support', 'render-everything.ts'), 'utf8');
  for (const m of source.matchAll(/'((?:[^'\\]|\\.)*)'/g)) data.add(m[1] as string);
  // Template literals of the fixtures (`Invitee ${i}`): their fixed parts are data too.
  for (const m of source.matchAll(/`([^`]*)`/g))
    for (const part of (m[1] as string).split(/\$\{[^}]*\}/)) data.add(part.trim());
  return [...data].filter((t) => t.trim().length >= 2).sort((a, b) => b.length - a.length);
}

/** What is left of a text once the pseudo-language's texts and the data are taken out: words here are hard-coded. */
function leftover(text: string, data: string[]): string {
  let rest = text.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  // Bracketed texts nest (a label inside a sentence): take the inner ones out until none is left.
  while (/⟦[^⟦⟧]*⟧/.test(rest)) rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  // Data cut to fit the card ("Search again for paternal r…"): the start of a data text.
  rest = rest.replace(/([^…]*)…/g, (all, cut: string) => {
    const start = cut.replace(/^[\s\d.:·—-]+/, '').trim();
    return start.length >= 2 && data.some((d) => d.startsWith(start)) ? ' ' : all;
  });
  for (const d of data) if (rest.includes(d)) rest = rest.split(d).join(' ');
  return rest
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?/g, ' ')
    .replace(/\b[A-Z]\.(?:[A-Z]\.)+/g, ' ');
}

describe('pseudo-locale: every word on a card comes from locales/', () => {
  it('templates hold no words of their own, only ${bindings} and {{area:key}} texts', () => {
    const offences: string[] = [];
    for (const file of templateFiles()) {
      const visit = (n: unknown, at: string): void => {
        if (Array.isArray(n))
          n.forEach((x, i) => {
            visit(x, `${at}[${i}]`);
          });
        else if (n && typeof n === 'object')
          for (const [k, v] of Object.entries(n)) {
            if (typeof v === 'string' && READ.has(k)) {
              const bare = v.replace(/\$\{[^}]*\}/g, '').replace(/\{\{[^}]*\}\}/g, '');
              if (/\p{L}{2,}/u.test(bare)) offences.push(`${relative(TEMPLATES, file)} ${at}.${k}: "${v}"`);
            } else visit(v, `${at}.${k}`);
          }
      };
      visit(JSON.parse(readFileSync(file, 'utf8')), '');
    }
    assert.deepEqual(offences, []);
  });

  it('every card drawn in the pseudo-language shows no word outside locales/ but data', () => {
    const data = dataTexts();
    const cards: AdaptiveCard[] = renderEverything(PSEUDO_LANGUAGE);
    assert.ok(cards.length > 50, `${cards.length} cards drawn`);
    const offences = new Map<string, string>();
    for (const card of cards)
      for (const { at, text } of readable(card)) {
        const rest = leftover(text, data);
        if (/\p{L}{3,}/u.test(rest)) offences.set(text.slice(0, 120), at);
      }
    assert.deepEqual(
      [...offences.keys()],
      [],
      `hard-coded words (text → where):\n${[...offences].map(([t, a]) => `${a}: ${t}`).join('\n')}`,
    );
  });
});
