/**
 * The youth's card of a youth-centred roundtable (#29): what happens, the ground rules and the questions in
 * plain words (youth-agenda.ts; aimed at grade 6), and the youth's goals in their own words. Shows the case
 * alias only, nothing of the case (the youth and a guest without an agency account may ask for it). Built as an
 * object, never from a JSON string: what people typed stays text.
 */
import { fill, type Lang, t } from '../bot/i18n/text.js';
import type { Roundtable, YouthGoal, YouthSettings } from '../bot/roundtable/types.js';
import { goalMark, youthGoals } from '../bot/roundtable/youth-rules.js';
import { type AdaptiveCard, cap } from './kit.js';
import { youthCardHeadings } from './youth-words.js';

type Element = Record<string, unknown>;
/** What the youth's card reads of the roundtable: its alias, practice mark and the youth's goals. */
type YouthCardRoundtable = Pick<Roundtable, 'caseAlias' | 'practice' | 'youthGoals'>;

const text = (t: string, extra: Element = {}): Element => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});
const heading = (t: string): Element => text(t, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' });
const bullets = (lines: string[]): Element[] => lines.map((l) => text(`• ${l}`, { spacing: 'Small' }));

/** The youth's goals as the plan shows them first: each goal, and whose words they are (empty: none yet). */
export function youthGoalElements(
  rt: Pick<Roundtable, 'youthGoals'>,
  heading_: string = youthCardHeadings().planGoals,
  mark: (g: YouthGoal) => string = goalMark,
): Element[] {
  const goals = youthGoals(rt);
  if (goals.length === 0) return [];
  return [
    {
      type: 'Container',
      style: 'accent',
      items: [
        text(heading_, { weight: 'Bolder' }),
        ...goals.map((g) => text(`“${cap(g.text, 500)}” (${mark(g)})`, { spacing: 'Small' })),
      ],
    },
  ];
}

/**
 * A plan card with the youth's goals put first: before the permanency goals (a FactSet, or their heading). The
 * heading is in `lang`, the card's language (the callers pass their view's).
 */
export function youthGoalsFirst(card: AdaptiveCard, rt: Roundtable, lang: Lang = 'en'): AdaptiveCard {
  const goals = youthGoalElements(rt, youthCardHeadings(lang).planGoals);
  const body = (card as { body?: Element[] }).body;
  if (goals.length === 0 || !Array.isArray(body)) return card;
  const at = body.findIndex((e) => e.type === 'FactSet' || e.text === 'Permanency goals');
  const place = Math.max(at, 0);
  return { ...card, body: [...body.slice(0, place), ...goals, ...body.slice(place)] };
}

/**
 * The youth's welcome card: alias, what happens, ground rules, the questions, the goals, how to add one. The app's
 * words in `lang`; `words` are the agency's (or the defaults in the reader's language, defaultYouthSettings in youth-words.ts).
 */
export function youthCard(rt: YouthCardRoundtable, words: YouthSettings, lang: Lang = 'en'): AdaptiveCard {
  const h = youthCardHeadings(lang);
  // On the youth's own card a goal is "your words", not "the youth's".
  const goals = youthGoalElements(rt, h.goals, (g) =>
    g.source === 'facilitator' ? fill(h.writtenForYou, { name: g.by.name }) : h.ownWords,
  );
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      text(
        t(lang, rt.practice ? 'youth:card.aliasLinePractice' : 'youth:card.aliasLine', {
          alias: cap(rt.caseAlias, 80),
        }),
        {
          isSubtle: true,
          size: 'Small',
        },
      ),
      text(cap(words.welcomeTitle, 100), { weight: 'Bolder', size: 'Large', spacing: 'None' }),
      heading(h.agenda),
      ...bullets(words.agenda),
      heading(h.rules),
      ...bullets(words.groundRules),
      heading(h.questions),
      ...words.questions.map((q, i) => text(`${i + 1}. ${q.plain ?? q.text}`, { spacing: 'Small' })),
      ...goals,
      heading(h.turn),
      text(words.goalPrompt, { spacing: 'Small' }),
      text(words.supportPrompt, { spacing: 'Small' }),
    ],
  };
}
