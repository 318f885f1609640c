import { prefillInputs } from '../../../cards/card-tools.js';
import {
  type FollowUpActionData,
  familyReviewCard,
  followUpInputs,
  reviewCard,
  stepsCard,
} from '../../../cards/follow-up-cards.js';
import type { AdaptiveCard } from '../../../cards/kit.js';
import { noticeCard } from '../../../cards/notice-card.js';
import { reviewOutcomeInputs } from '../../../cards/review-child-rows.js';
import { type Lang, t } from '../../i18n/text.js';
import type { StepChange } from '../../reminders/step-updates.js';
import type { ChildOutcomeInput } from '../../roundtable/child-outcome.js';
import type { Outcome } from '../../roundtable/outcome.js';
import { inTenant as inTenantOf } from '../../roundtable/permissions.js';
import { saveFamilyReview } from '../../roundtable/plan-ownership.js';
import type { Person, PlanStep } from '../../roundtable/types.js';
import { childrenOf } from '../outgoing/proactive.js';
import { field } from '../routing/answers.js';
import type { FollowUpAction } from '../routing/route-types.js';
import type { FollowUpHandlerDeps, HandlerResult } from '../routing/turn.js';
import { answerNameCheck } from './keep-as-written.js';

/** The deep link to "My roundtables" for the cards below (none in local mode). */
const link = (deps: FollowUpHandlerDeps) => ({
  ...(deps.myRoundtablesUrl ? { myRoundtablesUrl: deps.myRoundtablesUrl } : {}),
  reviewEveryDays: deps.agency.followUp.reviewEveryDays,
});

/** The person and their verified tenant: lists across roundtables show only that tenant's. */
type Who = { person: Person; tenantId?: string };
/** Only roundtables of the person's own tenant (the one tenant rule, permissions.ts). */
const inTenant = (who: Who) => (line: { roundtable: { chat: { tenantId?: string } } }) =>
  inTenantOf(line.roundtable.chat.tenantId, who.tenantId);

async function myStepsCard(
  deps: FollowUpHandlerDeps,
  who: Who,
  notice: { kind: 'info' | 'error'; text: string } | undefined,
  lang: Lang,
) {
  const lines = (await deps.followUp.openSteps([who.person.id], { practice: true })).filter(inTenant(who));
  return stepsCard({
    heading: t(lang, 'personal:mySteps.heading'),
    intro: lines.length ? t(lang, 'personal:mySteps.intro') : '',
    lines,
    list: 'mine',
    actionable: true,
    emptyText: t(lang, 'personal:mySteps.empty'),
    ...(notice ? { notice } : {}),
    ...link(deps),
    lang,
  });
}

async function teamStepsCard(
  deps: FollowUpHandlerDeps,
  who: Who,
  notice: { kind: 'info' | 'error'; text: string } | undefined,
  lang: Lang,
) {
  const lines = (await deps.followUp.teamSteps(who.person.id)).filter(inTenant(who));
  return stepsCard({
    heading: t(lang, 'personal:teamSteps.heading'),
    intro: lines.length ? t(lang, 'personal:teamSteps.intro') : '',
    lines,
    list: 'team',
    actionable: true,
    emptyText: t(lang, 'personal:teamSteps.empty'),
    ...(notice ? { notice } : {}),
    ...link(deps),
    lang,
  });
}

async function reviewCardFor(
  deps: FollowUpHandlerDeps,
  roundtableId: string,
  notice: { kind: 'info' | 'error'; text: string } | undefined,
  lang: Lang,
): Promise<AdaptiveCard | undefined> {
  const review = await deps.followUp.review(roundtableId);
  if (!review) return undefined;
  const children = await childrenOf(deps.roundtables, review.roundtable);
  return reviewCard({
    ...review,
    children,
    settings: deps.agency,
    ...(notice ? { notice } : {}),
    ...link(deps),
    lang,
  });
}

/** `my steps`, `my reviews`, `team steps` in any chat (answers are personal cards). */
export async function handleFollowUpCommand(
  deps: FollowUpHandlerDeps,
  name: 'my-steps' | 'my-reviews' | 'team-steps',
  who: Who,
  /** The asker's language (TurnInput.lang). */
  lang: Lang = 'en',
): Promise<HandlerResult> {
  if (name === 'my-steps') {
    return {
      event: 'command.my-steps',
      effects: [{ kind: 'card', card: await myStepsCard(deps, who, undefined, lang) }],
    };
  }
  if (name === 'team-steps') {
    return {
      event: 'command.team-steps',
      effects: [{ kind: 'card', card: await teamStepsCard(deps, who, undefined, lang) }],
    };
  }
  const reviews = (await deps.followUp.reviewsFor(who.person.id)).filter(inTenant(who));
  if (reviews.length === 0) {
    return {
      event: 'command.my-reviews',
      effects: [
        {
          kind: 'text',
          text: t(lang, 'personal:myReviews.none'),
        },
      ],
    };
  }
  const cards = [];
  for (const r of reviews.slice(0, 5)) {
    const card = await reviewCardFor(deps, r.roundtable.id, undefined, lang);
    if (card) cards.push({ kind: 'card' as const, card });
  }
  return { event: 'command.my-reviews', effects: cards };
}

/** The family team meeting reviewed the plan (from the review card). */
export async function recordFamilyReview(a: FollowUpAction): Promise<HandlerResult> {
  const { deps, input: data, inputs: raw } = a;
  if (!deps.domain) return updateStep('note')(a);
  const saved = await saveFamilyReview(deps.domain, a.turn.actor.person, data.rt, {
    date: field(raw, followUpInputs.familyDate),
    participants: field(raw, followUpInputs.familyParticipants),
    changes: field(raw, followUpInputs.familyChanges),
    keepNames: data.keepNames === true,
    youthTookPart: field(raw, followUpInputs.familyYouthTookPart),
    youthSaid: field(raw, followUpInputs.familyYouthSaid),
  });
  return answerReview(deps, data.rt, raw, `card.${a.verb}`, saved, a.turn.lang ?? 'en', {
    verb: a.verb,
    data,
  });
}

/** A follow-up review: each child re-rated, the plan's outcome. */
export async function saveFollowUpReview(a: FollowUpAction): Promise<HandlerResult> {
  const { deps, input: data, inputs: raw } = a;
  const children = await (async () => {
    const rt = (await deps.roundtables.getRoundtable(data.rt))?.value;
    return rt ? childrenOf(deps.roundtables, rt) : [];
  })();
  const ratings: Record<string, unknown> = {};
  const childOutcomes: Record<string, ChildOutcomeInput> = {};
  children.forEach((child, i) => {
    ratings[child] = field(raw, followUpInputs.rating(i));
    const outcome = field(raw, reviewOutcomeInputs.outcome(i));
    if (outcome !== undefined && outcome !== '')
      childOutcomes[child] = {
        outcome,
        date: field(raw, reviewOutcomeInputs.date(i)),
        reason: field(raw, reviewOutcomeInputs.reason(i)),
      };
  });
  const saved = await deps.followUp.saveReview(a.turn.actor.person, data.rt, {
    ratings,
    childOutcomes,
    outcome: field(raw, 'outcome'),
    reason: field(raw, 'outcomeReason'),
    keepNames: data.keepNames === true,
  });
  return answerReview(deps, data.rt, raw, `card.${a.verb}`, saved, a.turn.lang ?? 'en', {
    verb: a.verb,
    data,
  });
}

/** The one-click step updates of the 1:1 cards, and what each reads from the card (by the step's input ids). */
const STEP_CHANGES = {
  done: () => ({ kind: 'status', status: 'done' }),
  progress: () => ({ kind: 'status', status: 'in-progress' }),
  blocked: (raw, step, keepNames) => ({
    kind: 'blocked',
    reason: field(raw, followUpInputs.reason(step)),
    keepNames,
  }),
  due: (raw, step) => ({ kind: 'due', dueDate: field(raw, followUpInputs.due(step)) }),
  note: (raw, step, keepNames) => ({ kind: 'note', note: field(raw, followUpInputs.note(step)), keepNames }),
} satisfies Record<string, (raw: Record<string, unknown>, step: string, keepNames: boolean) => StepChange>;

/** One-click step update from a 1:1 card: done, in progress, blocked, new due date, note. */
export const updateStep =
  (kind: keyof typeof STEP_CHANGES) =>
  async (a: FollowUpAction): Promise<HandlerResult> => {
    const { deps, input: data, inputs: raw, verb } = a;
    const lang = a.turn.lang ?? 'en';
    const person = a.turn.actor.person;
    const event = `card.${verb}`;
    const stepId = data.step ?? '';
    const keepNames = data.keepNames === true;
    const change: StepChange = STEP_CHANGES[kind](raw, stepId, keepNames);
    const updated = await deps.followUp.updateStep(person, data.rt, stepId, change);
    const notice = updated.ok
      ? { kind: 'info' as const, text: stepNotice(change, updated.value.text, lang) }
      : { kind: 'error' as const, text: updated.failure.message };
    let card: AdaptiveCard;
    const familyRecord =
      updated.ok && change.kind === 'status' && change.status === 'done'
        ? await familyRecordCard(deps, data.rt, updated.value, notice, lang)
        : undefined;
    if (familyRecord) card = familyRecord;
    else if (data.list === 'team') card = await teamStepsCard(deps, a.turn.actor, notice, lang);
    else if (data.list === 'mine') card = await myStepsCard(deps, a.turn.actor, notice, lang);
    else {
      // A reminder card shows its own step(s): show the step as it is now.
      const rt = (await deps.roundtables.getRoundtable(data.rt))?.value;
      const step = await deps.followUp.step(data.rt, stepId);
      card = stepsCard({
        heading: rt
          ? t(lang, 'personal:reminder.stepFor', { alias: rt.caseAlias })
          : t(lang, 'personal:reminder.step'),
        lines: rt && step && !step.withdrawn ? [{ step, roundtable: rt, overdueDays: 0 }] : [],
        list: 'reminder',
        actionable: !!step && step.status !== 'done' && step.status !== 'dropped',
        notice,
        emptyText: t(lang, 'personal:reminder.gone'),
        ...link(deps),
        lang,
      });
    }
    if (!updated.ok) {
      const anchor = { verb, ...(data.step ? { step: data.step } : {}) };
      card = answerNameCheck(prefillInputs(card, raw), updated.failure, { verb, data, anchor });
    }
    return {
      event: updated.ok ? event : `${event}.${updated.failure.code}`,
      effects: updated.ok ? [{ kind: 'refresh-summary', roundtableId: data.rt }] : [],
      invoke: { statusCode: 200, card },
    };
  };

/** After a review card's action: the review card again, with the outcome as its notice (typed input kept on a refusal). */
async function answerReview(
  deps: FollowUpHandlerDeps,
  roundtableId: string,
  raw: Record<string, unknown>,
  event: string,
  saved: Outcome<unknown>,
  lang: Lang,
  /** The clicked action: a full-name warning offers it again as "Keep as written". */
  clicked?: { verb: string; data: FollowUpActionData },
): Promise<HandlerResult> {
  const notice = saved.ok
    ? { kind: 'info' as const, text: saved.notice ?? t(lang, 'personal:saved') }
    : { kind: 'error' as const, text: saved.failure.message };
  let card = await reviewCardFor(deps, roundtableId, notice, lang);
  if (!card) {
    return {
      event: `${event}.not-found`,
      effects: [],
      invoke: { statusCode: 200, card: noticeCard(t(lang, 'personal:roundtableGone'), 'error') },
    };
  }
  if (!saved.ok) card = prefillInputs(card, raw);
  if (!saved.ok && clicked) {
    card = answerNameCheck(card, saved.failure, { ...clicked, anchor: { verb: clicked.verb } });
  }
  return {
    event: saved.ok ? event : `${event}.${saved.failure.code}`,
    effects: saved.ok ? [{ kind: 'refresh-summary', roundtableId }] : [],
    invoke: { statusCode: 200, card },
  };
}

/**
 * "Done" on the family-team-meeting step of a draft plan opens its record (the plan stays a draft until it is
 * recorded); undefined for any other step or a plan already reviewed.
 */
async function familyRecordCard(
  deps: FollowUpHandlerDeps,
  roundtableId: string,
  step: PlanStep,
  notice: { kind: 'info' | 'error'; text: string },
  lang: Lang,
): Promise<AdaptiveCard | undefined> {
  if (step.suggested !== 'family-team-meeting' || !deps.domain) return undefined;
  const review = await deps.followUp.review(roundtableId);
  if (!review?.plan.draft || review.plan.closed) return undefined;
  const url = deps.myRoundtablesUrl;
  return familyReviewCard({
    roundtable: review.roundtable,
    notice,
    ...(url ? { myRoundtablesUrl: url } : {}),
    lang,
  });
}

/** The confirmation names the step ("Marked done: Call the aunt."). */
function stepNotice(change: StepChange, text: string, lang: Lang): string {
  const step = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  const key =
    change.kind === 'status' ? (change.status === 'done' ? 'done' : 'progress') : (change.kind as string);
  return t(lang, `personal:stepNotice.${key}`, { step });
}
