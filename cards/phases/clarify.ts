/**
 * The Clarify card: questions (unanswered first) with their answers. Answers are typed in the phase's form
 * message (a question chosen, an answer box), which no shared redraw touches; the card only lists.
 */
import { REFERENCE_LANGUAGE, t } from '../../bot/i18n/text.js';
import { type CardView, live, type PhaseData } from '../card-view.js';
import { FORM_REFRESH, INPUTS } from '../contract.js';
import { actionData, cap, type Data, type Limits, trim } from '../kit.js';

/** Characters of a question shown as a choice in "Question to answer" (one line in a compact list). */
const CHOICE_CHARS = 120;

/** The questions unanswered first, and those shown at `limits`. */
function ordered(view: CardView, limits: Limits) {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const questions = live(view.contributions, 'question');
  const answers = live(view.contributions, 'answer');
  const answersOf = (id: string) => answers.filter((a) => a.questionId === id);
  const unanswered = questions.filter((q) => answersOf(q.id).length === 0);
  const all = [...unanswered, ...questions.filter((q) => answersOf(q.id).length > 0)];
  return { questions, unanswered, answersOf, all, shown: trim(all, limits.items, lang) };
}

/** The Clarify form's data: "Question to answer" (unanswered first) and "Your answer". */
export const clarifyForm: PhaseData = (view, limits, nonce) =>
  formData(view, limits, nonce, ordered(view, limits));

function formData(view: CardView, limits: Limits, nonce: string, o: ReturnType<typeof ordered>): Data {
  const rt = view.roundtable;
  const answered = t(view.lang ?? REFERENCE_LANGUAGE, 'meeting:clarify.answered');
  const { questions, answersOf, all, shown } = o;
  return {
    hasQuestions: questions.length > 0,
    answerQuestionId: INPUTS.answerQuestion,
    answerTextId: INPUTS.answerText,
    firstToAnswer: all[0]?.id ?? '',
    answerChoices: shown.shown.map((q) => ({
      title: `${answersOf(q.id).length === 0 ? '' : `${answered} `}${cap(q.text, Math.min(CHOICE_CHARS, limits.text))}`,
      value: q.id,
    })),
    answerData: actionData(rt, 'clarify', nonce),
    /** "Show new questions": this form again for the clicker, what they typed kept. */
    formRefreshData: actionData(rt, 'clarify', nonce, FORM_REFRESH),
  };
}

/** The Clarify card's data. */
export const clarifyData: PhaseData = (view, limits, nonce) => {
  const lang = view.lang ?? REFERENCE_LANGUAGE;
  const o = ordered(view, limits);
  const { questions, unanswered, answersOf, shown } = o;
  const perQuestion = Math.max(1, Math.ceil(limits.items / 4));
  return {
    questionCount: questions.length,
    unansweredCount: unanswered.length,
    questions: shown.shown.map((q) => {
      const a = trim(answersOf(q.id), perQuestion, lang);
      return {
        text: cap(q.text, limits.text),
        author: cap(q.author.name, 80),
        answerCount: a.shown.length,
        answers: a.shown.map((x) => ({ text: cap(x.text, limits.text), author: cap(x.author.name, 80) })),
        answersMore: a.more,
      };
    }),
    questionsMore: shown.more,
    ...formData(view, limits, nonce, o),
  };
};
