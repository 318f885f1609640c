/** The Clarify card: questions (unanswered first) with their answers and answer boxes. */
import { live, type PhaseData } from '../card-view.js';
import { INPUTS } from '../contract.js';
import { actionData, cap, trim } from '../kit.js';

/** The Clarify card's data. */
export const clarifyData: PhaseData = (view, limits, nonce) => {
  const rt = view.roundtable;
  const questions = live(view.contributions, 'question');
  const answers = live(view.contributions, 'answer');
  const answersOf = (id: string) => answers.filter((a) => a.questionId === id);
  const unanswered = questions.filter((q) => answersOf(q.id).length === 0);
  const ordered = [...unanswered, ...questions.filter((q) => answersOf(q.id).length > 0)];
  const shown = trim(ordered, limits.items);
  const perQuestion = Math.max(1, Math.ceil(limits.items / 4));
  return {
    questionCount: questions.length,
    unansweredCount: unanswered.length,
    questions: shown.shown.map((q, i) => {
      const a = trim(answersOf(q.id), perQuestion);
      return {
        text: cap(q.text, limits.text),
        author: cap(q.author.name, 80),
        answerCount: a.shown.length,
        answers: a.shown.map((x) => ({ text: cap(x.text, limits.text), author: cap(x.author.name, 80) })),
        answersMore: a.more,
        hasBox: i < limits.boxes,
        inputId: `${INPUTS.answerPrefix}${q.id}`,
        /** The answer box folds away behind a button (the card stays short). */
        boxId: `answerBox_${i}`,
        boxTitle: a.shown.length === 0 ? 'Answer' : 'Add an answer',
        answerData: actionData(rt, 'clarify', nonce, q.id),
      };
    }),
    questionsMore: shown.more,
  };
};
