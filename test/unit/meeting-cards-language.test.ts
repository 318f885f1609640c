/**
 * The meeting's cards in the reader's language (#29 item 4): the Welcome card drawn with `lang: 'es'` says its
 * texts in Spanish (locales/es/meeting.json), with `lang: 'en'` (or none) in English; the phase's name stays the
 * agency's practice word unless its settings translate it; the status card's words follow the view too.
 */
import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../cards/kit.js';
import { phaseCard } from '../../cards/phase-card.js';
import { statusCard } from '../../cards/status-card.js';
import { realisticView } from '../support/realistic-view.js';

/** Every text a card shows (texts, titles, labels, placeholders), in order. */
function texts(card: unknown, out: string[] = []): string[] {
  if (Array.isArray(card)) for (const c of card) texts(c, out);
  else if (card && typeof card === 'object')
    for (const [k, v] of Object.entries(card)) {
      if (typeof v === 'string' && ['text', 'title', 'label', 'placeholder'].includes(k)) out.push(v);
      else texts(v, out);
    }
  return out;
}

const welcome = (lang?: string) => {
  const view = realisticView('welcome');
  return texts(phaseCard(lang ? { ...view, lang } : view, 'welcome') as AdaptiveCard).join('\n');
};

describe('the meeting cards in the reader’s language', () => {
  it('the Welcome card in Spanish says its texts in Spanish', () => {
    const card = welcome('es');
    for (const text of [
      'Mesa redonda de permanencia',
      'Por qué estamos aquí',
      'Reglas básicas',
      'Quién hace qué',
      'Quién está aquí (12)',
      'Unirse como',
      'Elija su rol',
      'Asignar un rol (facilitadores)',
      'Siguiente ▶',
      'Fase 1 de 6: Welcome and overview',
      'Tiempo asignado: quedaban',
      'Trabajador/a del caso',
    ])
      assert.ok(card.includes(text), `Spanish: ${text}`);
    for (const text of ['Why we are here', 'Ground rules', 'Join as', 'Phase 1 of 6', ' · Caseworker'])
      assert.ok(!card.includes(text), `no English: ${text}`);
  });

  it('the Welcome card in English (and without a language) says its texts in English', () => {
    for (const card of [welcome('en'), welcome()]) {
      for (const text of [
        'Permanency Roundtable',
        'Why we are here',
        'Ground rules',
        'Who is here (12)',
        'Join as',
        'Choose your role',
        'Phase 1 of 6: Welcome and overview',
        'Time box: 0 min left at the last update',
      ])
        assert.ok(card.includes(text), `English: ${text}`);
      for (const text of ['Por qué estamos aquí', 'Unirse como', 'Fase 1'])
        assert.ok(!card.includes(text), `no Spanish: ${text}`);
    }
  });

  it('the phase name is the practice word, or the agency’s own translation of it', () => {
    const view = realisticView('welcome');
    const own = texts(
      phaseCard(
        { ...view, lang: 'es', settings: { ...view.settings, phaseNames: { welcome: 'Bienvenida' } } },
        'welcome',
      ),
    ).join('\n');
    assert.ok(own.includes('Fase 1 de 6: Bienvenida'));
  });

  it('the status card in Spanish', () => {
    const card = texts(statusCard({ ...realisticView('brainstorm'), lang: 'es' })).join('\n');
    for (const text of ['Estado', 'Ahora: Fase 4 de 6: Brainstorm', 'Aportes', 'Barreras sistémicas'])
      assert.ok(card.includes(text), `Spanish: ${text}`);
  });

  it('a reader whose Teams is in another language than the agency’s gets the shared card refreshed in theirs', () => {
    const view = realisticView('brainstorm');
    const roster = view.roundtable.roster.map((r, i) =>
      i === 5 ? { ...r, lang: 'es' } : i === 6 ? { ...r, lang: 'en' } : r,
    );
    const at = (language?: string) => {
      const settings = language ? { ...view.settings, language } : view.settings;
      const card = phaseCard({ ...view, settings, roundtable: { ...view.roundtable, roster } }, 'brainstorm');
      return ((card as { refresh?: { userIds?: string[] } }).refresh?.userIds ?? []).sort();
    };
    const facilitators = view.roundtable.facilitatorIds;
    // An English agency: the facilitators, and the Spanish reader (not the English one).
    assert.deepEqual(at(), [...facilitators, roster[5]!.id].sort());
    // A Spanish agency: the English reader instead.
    assert.deepEqual(at('es'), [...facilitators, roster[6]!.id].sort());
  });
});
