/**
 * The Brainstorm, Plan and Debrief cards in the reader's language (#29 item 4): their texts come from
 * locales/<lang>/plan.json; the agency's practice words (brainstorm questions, rating scale) stay as its settings
 * give them, translated only where the agency translated them (settingsIn, as the renderer applies it).
 */
import assert from 'node:assert/strict';
import { t } from '../../bot/i18n/text.js';
import { settingsIn } from '../../bot/roundtable/settings-language.js';
import type { AgencySettings, BrainstormIdea } from '../../bot/roundtable/types.js';
import type { CardView } from '../../cards/card-view.js';
import { labelsIn } from '../../cards/labels-in.js';
import { phaseCard } from '../../cards/phase-card.js';
import { phaseFormCard } from '../../cards/phase-form.js';
import { realisticView } from '../support/realistic-view.js';

/** Every text a card shows, joined (the JSON's strings are enough to look for a sentence). */
const textOf = (card: unknown) => JSON.stringify(card);

/** The brainstorm view with 1, 2 and 3 ideas under the first three questions (none under the others). */
function brainstormView(lang: string, settings?: AgencySettings): CardView {
  const view = realisticView('brainstorm');
  const perQuestion = new Map<string, number>([
    ['q1', 1],
    ['q2', 2],
    ['q3', 3],
  ]);
  const taken = new Map<string, number>();
  const contributions = view.contributions.filter((c) => {
    if (c.kind !== 'idea') return true;
    const idea = c as BrainstormIdea;
    const n = taken.get(idea.questionKey) ?? 0;
    if (n >= (perQuestion.get(idea.questionKey) ?? 0)) return false;
    taken.set(idea.questionKey, n + 1);
    return true;
  });
  return { ...view, contributions, lang, settings: settings ?? view.settings };
}

describe('plan cards in the reader’s language (Brainstorm, Plan, Debrief)', () => {
  it('counts ideas with the language’s plural, in English and in Spanish', () => {
    for (const lang of ['en', 'es']) {
      assert.equal(t(lang, 'plan:brainstorm.ideaCount', { n: 1 }), '1 idea');
      assert.equal(t(lang, 'plan:brainstorm.ideaCount', { n: 3 }), '3 ideas');
    }
    const en = textOf(phaseCard(brainstormView('en'), 'brainstorm'));
    assert.ok(en.includes(' (1 idea)'), 'one idea');
    assert.ok(en.includes(' (2 ideas)'), 'two ideas');
    assert.ok(en.includes(' (latest 2 of 3 ideas shown)'), 'three ideas, the earliest folded');
    const es = textOf(phaseCard(brainstormView('es'), 'brainstorm'));
    assert.ok(es.includes(' (1 idea)'), 'una idea');
    assert.ok(es.includes(' (2 ideas)'), 'dos ideas');
    assert.ok(es.includes(' (se muestran las últimas 2 de 3 ideas)'), 'tres ideas');
  });

  it('draws the Brainstorm card and its form in Spanish; the agency’s questions stay as its settings give them', () => {
    const view = brainstormView('es');
    const card = textOf(phaseCard(view, 'brainstorm'));
    assert.ok(card.includes('¡Ninguna idea es mala!'), 'the introduction');
    assert.ok(
      card.includes('Las ideas se muestran con el nombre de quien las agregó.') ||
        card.includes('Ocultar nombres'),
    );
    assert.ok(!card.includes('No idea is a bad idea'), 'no English introduction');
    // Every idea of the realistic roundtable: some are flagged as systemic barriers, two answered.
    const all = textOf(phaseCard({ ...realisticView('brainstorm'), lang: 'es' }, 'brainstorm'));
    const categories = Object.values(labelsIn('es').barriers).join('|');
    assert.match(
      all,
      new RegExp(` ⚑ Barrera sistémica: (${categories})"`),
      'a flag, its category in Spanish',
    );
    assert.ok(all.includes('Eliminar barreras ('), 'the barrier busting heading');
    assert.ok(all.includes('"Resuelto ahora"'), 'a barrier answer button');
    assert.ok(!all.includes('Barrier busting') && !all.includes('Systemic barrier'), 'no English');
    // The agency's questions are its practice words: verbatim, in English, without a translation of its own.
    assert.ok(card.includes('What will it take?'), 'the agency’s question as its settings give it');

    const form = textOf(phaseFormCard(view, 'brainstorm'));
    for (const text of [
      'Pregunta',
      'Su idea',
      '¿Barrera sistémica?',
      'Agregar idea',
      'No es una barrera sistémica',
    ])
      assert.ok(form.includes(`"${text}"`), text);
    assert.ok(form.includes('1. What will it take?'), 'the question chooser shows the agency’s question');
  });

  it('shows the agency’s own Spanish questions where its settings translate them', () => {
    const base = realisticView('brainstorm').settings;
    const translated = settingsIn(
      { ...base, translations: { es: { questions: { q1: '¿Qué se necesita?' } } } },
      'es',
    );
    const view = brainstormView('es', translated);
    const card = textOf(phaseCard(view, 'brainstorm'));
    assert.ok(card.includes('"¿Qué se necesita?"'), 'the agency’s translation');
    assert.ok(!card.includes('What will it take?'), 'not its English');
    assert.ok(
      card.includes('What can we try that has not been tried before?'),
      'an untranslated question stays',
    );
  });

  it('draws the Plan card in Spanish; the rating scale stays the agency’s', () => {
    const view: CardView = { ...realisticView('plan'), lang: 'es' };
    const card = textOf(phaseCard(view, 'plan'));
    for (const text of [
      'BORRADOR — se revisará con el/la joven y la familia',
      'Metas de permanencia',
      'Principal: ',
      'Adopción', // the goal, from common.json
      'Cambiar metas y calificaciones',
      'Cada calificación es una foto de hoy, no un juicio del trabajo pasado.',
      'Qué significan las calificaciones',
      'Agregar un paso',
      'Quitar…',
    ])
      assert.ok(card.includes(text), text);
    assert.match(card, /"Pasos \(\d+\)"/);
    assert.match(card, /para el \d{4}-\d{2}-\d{2} · Sin empezar/);
    // The rating tiers are the agency's words: "Fair" and its definition, as the settings give them.
    assert.ok(card.includes(': Fair"'), 'the child’s rating');
    for (const english of ['Permanency goals', 'Add a step', 'What the ratings mean', 'snapshot of today'])
      assert.ok(!card.includes(english), english);
  });

  it('draws the Debrief card and its form in Spanish', () => {
    const view: CardView = { ...realisticView('debrief'), lang: 'es' };
    const card = textOf(phaseCard(view, 'debrief'));
    assert.ok(card.includes('Repasemos esta mesa redonda'), 'the introduction');
    assert.match(card, /Qué salió bien \(\d+\)/);
    assert.match(card, /Verificación de fidelidad: se cumplen \d+ de \d+/);
    const form = textOf(phaseFormCard(view, 'debrief'));
    assert.ok(form.includes('"Qué cambiar la próxima vez"') && form.includes('"Enviar"'));
  });
});
