/**
 * The contract between the cards and the bot: every Action.Execute verb and every input id.
 * The Teams edge routes on these names (bot/teams/routing/routes.ts); templates use the same names.
 */

/** Verbs of the roundtable cards (the 1:1 cards have their own; bot/teams/routing/routes.ts routes them all). */
export const VERBS = {
  /** Re-render the card for the clicking user (also the Universal Actions `refresh`). */
  refresh: 'refresh',
  join: 'roster.join',
  /** A facilitator gives the person picked on the Welcome card the role chosen beside it. */
  roleAssign: 'role.assign',
  /** A facilitator confirms or declines someone's request for a role (target: the person's id). */
  roleConfirm: 'role.confirm',
  roleDecline: 'role.decline',
  next: 'phase.next',
  back: 'phase.back',
  go: 'phase.go',
  status: 'status.show',
  anonymous: 'ideas.anonymous',
  caseSummary: 'case.save',
  fact: 'fact.add',
  question: 'question.add',
  answer: 'question.answer',
  idea: 'idea.add',
  ideaEdit: 'idea.edit',
  ideaWithdraw: 'idea.withdraw',
  myIdeas: 'ideas.mine',
  step: 'step.add',
  stepRemove: 'step.remove',
  /** Plan owners accept a proposed step (target: step id), optionally with a new owner and due date. */
  stepAccept: 'step.accept',
  /** Plan owners change a step's owner or due date (target: step id). */
  stepChange: 'step.change',
  /** Barrier busters answer a barrier-flagged idea (target: idea id). */
  barrierSolved: 'barrier.solved',
  barrierDecision: 'barrier.decision',
  barrierNone: 'barrier.none',
  goals: 'plan.goals',
  debrief: 'debrief.add',
  /** Follow-up roundtable, review phase: re-rate each child's permanency status. */
  reviewRatings: 'review.rate',
  end: 'roundtable.end',
  endConfirm: 'roundtable.endConfirm',
} as const;
/** The `target` of a `refresh` pressed on a phase's form message: that form comes back, not the list card. */
export const FORM_REFRESH = 'form';

/** A verb of the roundtable cards. */
export type Verb = (typeof VERBS)[keyof typeof VERBS];

/**
 * Data every action carries besides its inputs: which roundtable, which phase card and which
 * revision of the roundtable the card was rendered from (stale cards are detected with these).
 * `nonce` is unique per rendering so that a double click on one rendering can be recognised.
 */
export interface CardActionData {
  rt: string;
  phase: string;
  rev: number;
  nonce: string;
  /** Target of the action where it has one: a question id, idea id, step id, phase number, role. */
  target?: string;
  /** "Keep as written" after the full-name warning: the same submission again, with the warning overridden. */
  keepNames?: true;
}

/** Input ids used in the templates (Action.Execute sends them merged into `data`). */
export const INPUTS = {
  role: 'role',
  /** The people picker and the role choice of "Assign a role" (Welcome card). */
  rolePerson: 'rolePerson',
  roleAssigned: 'roleAssigned',
  factText: 'factText',
  questionText: 'questionText',
  /** Older cards (and tests) send answer inputs per question: `answerText_<questionId>`. */
  answerPrefix: 'answerText_',
  /** The Clarify form's answer: the question chosen and the answer typed. */
  answerQuestion: 'answerQuestion',
  answerText: 'answerText',
  /** The one idea box of the Brainstorm card: its text, the question it answers, its barrier flag. */
  ideaText: 'ideaText',
  ideaQuestion: 'ideaQuestion',
  ideaBarrier: 'ideaBarrier',
  /** Older cards (and tests) send per-question inputs: `ideaText_<questionKey>`, `ideaBarrier_<questionKey>`. */
  ideaTextPrefix: 'ideaText_',
  ideaBarrierPrefix: 'ideaBarrier_',
  /** Edit input on the "my ideas" card: `ideaEdit_<ideaId>`. */
  ideaEditPrefix: 'ideaEdit_',
  stepText: 'stepText',
  stepOwner: 'stepOwner',
  stepDue: 'stepDue',
  stepSupporter: 'stepSupporter',
  stepIdea: 'stepIdea',
  primaryGoal: 'primaryGoal',
  concurrentGoal: 'concurrentGoal',
  /** Ratings per child: `rating_<childIndex>`. */
  ratingPrefix: 'rating_',
  wentWell: 'wentWell',
  change: 'change',
  /** Debrief: "What did you learn that you will use on other cases?" (optional). */
  learning: 'learning',
  /** Case summary fields. */
  caseChildren: 'caseChildren',
  caseTimeInCare: 'caseTimeInCare',
  casePlacement: 'casePlacement',
  caseLegalStatus: 'caseLegalStatus',
  caseCurrentGoal: 'caseCurrentGoal',
  caseConnections: 'caseConnections',
  caseStrengths: 'caseStrengths',
  caseNeeds: 'caseNeeds',
  caseTried: 'caseTried',
  /** Per-step change inputs on the plan card: `stepEditOwner_<stepId>`, `stepEditDue_<stepId>`. */
  stepEditOwnerPrefix: 'stepEditOwner_',
  stepEditDuePrefix: 'stepEditDue_',
  /** The plan card's one "Change a step" form: which step, its new owner, its new due date. */
  stepPick: 'stepPick',
  stepNewOwner: 'stepNewOwner',
  stepNewDue: 'stepNewDue',
  /** Per-barrier inputs: `barrierDecision_<ideaId>`, `barrierOwner_<ideaId>`, `barrierDue_<ideaId>`. */
  barrierDecisionPrefix: 'barrierDecision_',
  barrierOwnerPrefix: 'barrierOwner_',
  barrierDuePrefix: 'barrierDue_',
  /** Ticked to replace a barrier's saved answer (one click never replaces it). */
  barrierReplacePrefix: 'barrierReplace_',
} as const;

/** Verbs of the 1:1 cards before the roundtable: the preparation and the invitation. */
export const PREPARATION_VERBS = {
  save: 'prep.save',
  /** The preparer attaches their draft to the roundtable that started (from the 1:1 prompt). */
  attach: 'prep.attach',
  confirm: 'invite.confirm',
  decline: 'invite.decline',
} as const;

/** Data on the 1:1 cards before the roundtable: the case alias (preparation) or the invitation, a nonce. */
export interface PreparationActionData {
  /** The case alias being prepared. */
  alias?: string;
  /** The roundtable and invitation answered. */
  rt?: string;
  inv?: string;
  nonce: string;
  /** "Keep as written" after the full-name warning on the preparation card. */
  keepNames?: true;
}

/** Input ids of the preparation card (the case-summary inputs reuse INPUTS.case*). */
export const PREPARATION_INPUTS = {
  youthLiving: 'prepYouthLiving',
  youthMatters: 'prepYouthMatters',
  family: 'prepFamily',
  stakeholders: 'prepStakeholders',
} as const;
