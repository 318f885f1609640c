/**
 * The personal app's data ("My roundtables"): my open steps, my reviews, my team's steps, shaped for the
 * page from the same follow-up queries the 1:1 commands `my steps`, `my reviews` and `team steps` use.
 * Only roundtables of the token's tenant; case alias only.
 */

import { nextReviewDue } from '../../cards/follow-up-cards.js';
import type { MyStep } from '../../tab/src/personal-types.js';
import type { FollowUpService } from '../reminders/follow-up.js';
import { byOwner, type OwnedStep } from '../reminders/step-queries.js';
import type { StepChange } from '../reminders/step-updates.js';
import { inTenant } from '../roundtable/permissions.js';
import type { ActionPlan, Roundtable } from '../roundtable/types.js';
import type { Me } from './tab-route-types.js';

/** One plan I review as caseworker or supervisor. */
export interface MyReview {
  roundtableId: string;
  caseAlias: string;
  practice: boolean;
  endedAt?: string;
  /** Still a draft: not yet reviewed with the youth and family. */
  draft: boolean;
  primaryGoal?: string;
  /** The last follow-up review (unset for a plan never reviewed: the ratings given in the meeting are no review). */
  lastReviewAt?: string;
  /** When the next follow-up review is due (YYYY-MM-DD). */
  nextReviewAt?: string;
  counts: { open: number; done: number; blocked: number; overdue: number };
}

/** Is this roundtable in the signed-in user's tenant? The bot's one tenant rule (development sign-in: no tenant). */
export function inTenantOf(me: Me, rt: Pick<Roundtable, 'chat'>): boolean {
  // The development sign-in exists in local mode only, where every roundtable is the developer's own.
  return me.who.dev === true || inTenant(rt.chat.tenantId, me.who.tid);
}

const stepLine =
  (everyDays: number, now: Date) =>
  (line: OwnedStep): MyStep => {
    const { step, roundtable, overdueDays } = line;
    const next = nextReviewDue(roundtable, undefined, everyDays, now);
    const note = [...(step.updates ?? [])].reverse().find((u) => u.note)?.note;
    return {
      roundtableId: roundtable.id,
      stepId: step.id,
      caseAlias: roundtable.caseAlias,
      practice: roundtable.practice === true,
      text: step.text,
      owner: step.owner.name,
      dueDate: step.dueDate,
      status: step.status,
      overdueDays,
      ...(step.reason ? { reason: step.reason } : {}),
      ...(note ? { lastNote: note } : {}),
      ...(next ? { nextReview: next } : {}),
    };
  };

/** The last follow-up review of a plan: a 1:1 review, or a follow-up roundtable's review of this plan. */
function lastReview(plan: ActionPlan, rt: Roundtable): string | undefined {
  return (plan.ratingHistory ?? [])
    .filter(
      (e) =>
        (e.occasion ?? 'review') === 'review' || (e.occasion === 'followup-roundtable' && !rt.followUpOf),
    )
    .at(-1)?.at;
}

/** `my steps`: open steps I own, overdue first (the 1:1 command's query). */
export async function myStepsOf(followUp: FollowUpService, me: Me): Promise<MyStep[]> {
  // Practice steps too, marked PRACTICE: the same list as the 1:1 `my steps`.
  return (await followUp.openSteps(me.ids, { practice: true }))
    .filter((l) => inTenantOf(me, l.roundtable))
    .map(stepLine(followUp.settings.reviewEveryDays, new Date()));
}

/** `team steps`: open steps of the roundtables I supervise; `supervisor` false when I supervise none. */
export async function teamStepsOf(
  followUp: FollowUpService,
  me: Me,
): Promise<{ supervisor: boolean; steps: MyStep[] }> {
  let supervisor = false;
  const lines = new Map<string, OwnedStep>();
  for (const id of me.ids) {
    if ((await followUp.supervisedBy(id)).length === 0) continue;
    supervisor = true;
    for (const l of await followUp.teamSteps(id)) {
      if (inTenantOf(me, l.roundtable) && !me.ids.includes(l.step.owner.id))
        lines.set(`${l.roundtable.id}|${l.step.id}`, l);
    }
  }
  const steps = byOwner([...lines.values()]).map(stepLine(followUp.settings.reviewEveryDays, new Date()));
  return { supervisor, steps };
}

/** `my reviews`: open plans where I am caseworker or supervisor, with their steps counted. */
export async function myReviewsOf(followUp: FollowUpService, me: Me, today: string): Promise<MyReview[]> {
  const seen = new Map<string, MyReview>();
  for (const id of me.ids) {
    for (const r of await followUp.reviewsFor(id)) {
      if (!inTenantOf(me, r.roundtable) || seen.has(r.roundtable.id)) continue;
      const open = r.steps.filter((s) => s.status !== 'done' && s.status !== 'dropped' && !s.proposed);
      const last = lastReview(r.plan, r.roundtable);
      const next = nextReviewDue(r.roundtable, r.plan, followUp.settings.reviewEveryDays, new Date());
      seen.set(r.roundtable.id, {
        roundtableId: r.roundtable.id,
        caseAlias: r.roundtable.caseAlias,
        practice: r.roundtable.practice === true,
        ...(r.roundtable.endedAt ? { endedAt: r.roundtable.endedAt } : {}),
        draft: r.plan.draft,
        ...(r.plan.primaryGoal ? { primaryGoal: r.plan.primaryGoal } : {}),
        ...(last ? { lastReviewAt: last } : {}),
        ...(next ? { nextReviewAt: next } : {}),
        counts: {
          open: open.length,
          done: r.steps.filter((s) => s.status === 'done').length,
          blocked: open.filter((s) => s.status === 'blocked').length,
          overdue: open.filter((s) => s.dueDate < today).length,
        },
      });
    }
  }
  return [...seen.values()];
}

/** The change a personal-page button asks for, read from the request body (undefined: not one). */
export function stepChangeOf(body: Record<string, unknown>): StepChange | undefined {
  switch (body.change) {
    case 'done':
      return { kind: 'status', status: 'done' };
    case 'in-progress':
      return { kind: 'status', status: 'in-progress' };
    case 'blocked':
      return { kind: 'blocked', reason: body.reason, keepNames: body.keepNames === true };
    case 'due':
      return { kind: 'due', dueDate: body.dueDate };
    case 'note':
      return { kind: 'note', note: body.note, keepNames: body.keepNames === true };
    default:
      return undefined;
  }
}
