/** The Brainstorm card: ideas by question, anonymous mode, barrier flags and barrier busters' answers. */
import { type Lang, REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import type { SystemicBarrier } from '../../bot/roundtable/records.js';
import { BARRIER_CATEGORIES, type BrainstormIdea } from '../../bot/roundtable/types.js';
import { answerTitle, barrierSection } from '../barrier-section.js';
import { type CardView, choices, live, type PhaseData } from '../card-view.js';
import { INPUTS } from '../contract.js';
import { cap, type Data, type Limits, trim } from '../kit.js';
import { labelsIn } from '../labels-in.js';
import { voiceData } from '../preparation-voice.js';

/** The Brainstorm form's data (its typing boxes): no idea lists, which only the list card shows. */
export const brainstormForm: PhaseData = (view) => {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  return {
    barrierChoices: [
      { title: t(lang, 'plan:brainstorm.notSystemic'), value: 'none' },
      ...choices(BARRIER_CATEGORIES, labelsIn(lang).barriers),
    ],
    ideaQuestionId: INPUTS.ideaQuestion,
    ideaTextId: INPUTS.ideaText,
    ideaBarrierId: INPUTS.ideaBarrier,
    firstQuestion: view.settings.questions[0]?.key ?? '',
    questionChoices: view.settings.questions.map((q, i) => ({ title: `${i + 1}. ${q.text}`, value: q.key })),
  };
};

/** The Brainstorm card's data. */
export const brainstormData: PhaseData = (view, limits, nonce) => {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const ideas = live(view.contributions, 'idea');
  const questions = questionRows(view, ideas, limits);
  const earlierIds = questions.filter((q) => q.hasEarlier).map((q) => q.earlierId);
  return {
    ...brainstormForm(view, limits, nonce),
    lang,
    isAnonymous: rt.anonymous === true,
    anonymousLine: t(lang, rt.anonymous ? 'plan:brainstorm.anonymousOn' : 'plan:brainstorm.anonymousOff'),
    anonymousToggleTitle: t(lang, rt.anonymous ? 'plan:brainstorm.showNames' : 'plan:brainstorm.hideNames'),
    // Whole sentences of what the youth said; shorter only when the card must shrink to fit.
    voice: voiceData(view.preparation, limits, limits.items >= 20 ? 300 : 120, lang),
    ...barrierSection(view, 'brainstorm', ideas, limits, nonce),
    questions,
    /** One button below the lists shows (and hides) every question's earlier ideas. */
    hasEarlierIdeas: earlierIds.length > 0,
    earlierIds,
    earlierIdeasTitle: t(lang, 'plan:brainstorm.allIdeasToggle', { n: ideas.length }),
  };
};

/** Ideas shown per question while the earlier ones are folded away. */
const LATEST_SHOWN = 2;

/** Each question with its latest ideas shown and the earlier ones folded away (the card stays short). */
function questionRows(view: CardView, ideas: BrainstormIdea[], limits: Limits) {
  const rt = view.roundtable;
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  return view.settings.questions.map((q, i) => {
    const mine = ideas.filter((idea) => idea.questionKey === q.key);
    const shown = trim(mine, limits.items, lang);
    const rows = shown.shown.map((idea) =>
      ideaInlines(
        idea,
        rt.anonymous,
        limits,
        lang,
        view.barriers?.find((b) => b.ideaId === idea.id),
      ),
    );
    const earlier = rows.slice(0, Math.max(0, rows.length - LATEST_SHOWN));
    return {
      number: i + 1,
      text: q.text,
      // The count says what is in sight: the earlier ideas are folded under "Show or hide all".
      countLabel:
        earlier.length > 0
          ? t(lang, 'plan:brainstorm.latestShown', { shown: rows.length - earlier.length, n: mine.length })
          : t(lang, 'plan:brainstorm.ideaCount', { n: mine.length }),
      latest: rows.slice(earlier.length),
      earlier,
      hasEarlier: earlier.length > 0,
      earlierId: `earlierIdeas_${i}`,
      ideasMore: shown.more,
    };
  });
}

/** One idea as one compact line: text, author, barrier flag and the barrier busters' answer. */
function ideaInlines(
  idea: BrainstormIdea,
  anonymous: boolean,
  limits: Limits,
  lang: Lang,
  answer?: SystemicBarrier,
): Data {
  // User text is a TextRun of its own, verbatim (never joined with the card's own words).
  const inlines: Data[] = [
    { type: 'TextRun', text: '• ' },
    { type: 'TextRun', text: cap(idea.text, limits.text) },
  ];
  if (!anonymous) {
    inlines.push({ type: 'TextRun', text: ' — ', isSubtle: true });
    inlines.push({ type: 'TextRun', text: cap(idea.author.name, 80), isSubtle: true });
  }
  if (idea.barrier) {
    inlines.push({
      type: 'TextRun',
      text: ` ${t(lang, 'plan:brainstorm.barrierFlag', { category: labelsIn(lang).barriers[idea.barrier] })}`,
      weight: 'Bolder',
      color: 'Attention',
    });
    const line = answerTitle(answer, lang);
    if (line) inlines.push({ type: 'TextRun', text: ` → ${line}`, italic: true });
  }
  return { inlines };
}
