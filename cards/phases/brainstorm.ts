/** The Brainstorm card: ideas by question, anonymous mode, barrier flags and barrier busters' answers. */
import type { SystemicBarrier } from '../../bot/roundtable/records.js';
import { BARRIER_CATEGORIES, type BrainstormIdea } from '../../bot/roundtable/types.js';
import { answerTitle, barrierSection } from '../barrier-section.js';
import { choices, live, type PhaseData } from '../card-view.js';
import { INPUTS } from '../contract.js';
import { actionData, cap, type Data, type Limits, trim } from '../kit.js';
import { BARRIER_LABELS } from '../labels.js';
import { voiceData } from '../preparation-voice.js';

/** The Brainstorm card's data. */
export const brainstormData: PhaseData = (view, limits, nonce) => {
  const rt = view.roundtable;
  const ideas = live(view.contributions, 'idea');
  return {
    anonymousLine: rt.anonymous
      ? 'Anonymous mode is on: ideas are shown without names.'
      : 'Ideas are shown with the name of who added them.',
    anonymousToggleTitle: rt.anonymous ? 'Anonymous mode: on (turn off)' : 'Anonymous mode: off (turn on)',
    barrierChoices: [
      { title: 'Not a systemic barrier', value: 'none' },
      ...choices(BARRIER_CATEGORIES, BARRIER_LABELS),
    ],
    voice: voiceData(view.preparation, limits, 200),
    ...barrierSection(view, 'brainstorm', ideas, limits, nonce),
    questions: view.settings.questions.map((q, i) => {
      const mine = ideas.filter((idea) => idea.questionKey === q.key);
      const shown = trim(mine, limits.items);
      return {
        number: i + 1,
        text: q.text,
        countLabel: mine.length === 1 ? '1 idea' : `${mine.length} ideas`,
        ideas: shown.shown.map((idea) =>
          ideaRow(
            idea,
            rt.anonymous,
            limits,
            view.barriers?.find((b) => b.ideaId === idea.id),
          ),
        ),
        ideasMore: shown.more,
        textInputId: `${INPUTS.ideaTextPrefix}${q.key}`,
        barrierInputId: `${INPUTS.ideaBarrierPrefix}${q.key}`,
        addData: actionData(rt, 'brainstorm', nonce, q.key),
      };
    }),
  };
};

function ideaRow(idea: BrainstormIdea, anonymous: boolean, limits: Limits, answer?: SystemicBarrier): Data {
  const line = idea.barrier ? answerTitle(answer) : '';
  return {
    hasAnswer: line !== '',
    answerLine: line ? ` → ${line}` : '',
    text: cap(idea.text, limits.text),
    hasAuthor: !anonymous,
    author: anonymous ? '' : cap(idea.author.name, 80),
    hasBarrier: idea.barrier !== undefined,
    barrierLabel: idea.barrier ? BARRIER_LABELS[idea.barrier] : '',
  };
}
