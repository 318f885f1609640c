/** Renders every card there is, from a realistic roundtable (test/unit/template-paths.test.ts, pseudo-locale.test.ts). */
import type { BarrierReport } from '../../bot/roundtable/barrier-register.js';
import { BARRIER_CATEGORIES, PHASE_KEYS, type PlanStep } from '../../bot/roundtable/types.js';
import type { AdaptiveCard } from '../../cards/kit.js';
import { realisticInvitation, realisticView } from './realistic-view.js';

/**
 * Every card builder in many realistic states (every phase, open and ended, with and without notices, read-only,
 * the 1:1 and programme cards), drawn in `lang` (unset: English); the cards drawn, in order. The card modules are
 * required when called, so that a test that cleared their cache gets fresh templates.
 */
export function renderEverything(lang?: string): AdaptiveCard[] {
  const cards: AdaptiveCard[] = [];
  const keep = (card: AdaptiveCard) => {
    cards.push(card);
  };
  // The meeting's cards are drawn in the view's language; the 1:1 and programme cards take theirs as a parameter.
  const viewIn = (...args: Parameters<typeof realisticView>) => ({
    ...realisticView(...args),
    ...(lang ? { lang } : {}),
  });
  const { phaseCard } = require('../../cards/phase-card.js') as typeof import('../../cards/phase-card.js');
  const { hasForm, phaseFormCard } =
    require('../../cards/phase-form.js') as typeof import('../../cards/phase-form.js');
  const { summaryCard } =
    require('../../cards/summary-card.js') as typeof import('../../cards/summary-card.js');
  const { statusCard } = require('../../cards/status-card.js') as typeof import('../../cards/status-card.js');
  const { myIdeasCard } =
    require('../../cards/my-ideas-card.js') as typeof import('../../cards/my-ideas-card.js');
  const { helpCard } = require('../../cards/help-card.js') as typeof import('../../cards/help-card.js');
  const { noticeCard } = require('../../cards/notice-card.js') as typeof import('../../cards/notice-card.js');
  const prep =
    require('../../cards/preparation-cards.js') as typeof import('../../cards/preparation-cards.js');
  const followUp =
    require('../../cards/follow-up-cards.js') as typeof import('../../cards/follow-up-cards.js');
  const programme =
    require('../../cards/programme-cards.js') as typeof import('../../cards/programme-cards.js');

  const notices = [
    undefined,
    { kind: 'info', text: 'Saved: idea added.' },
    { kind: 'error', text: 'Too long.' },
  ] as const;
  for (const phase of PHASE_KEYS) {
    for (const ended of [false, true]) {
      const view = viewIn(phase, { ended });
      for (const notice of notices) keep(phaseCard({ ...view, ...(notice ? { notice } : {}) }, phase));
      keep(phaseCard(view, phase, { readOnly: true }));
      if (hasForm(phase)) {
        for (const notice of notices) keep(phaseFormCard({ ...view, ...(notice ? { notice } : {}) }, phase));
        keep(phaseFormCard(view, phase, { readOnly: true }));
      }
      keep(statusCard(view));
    }
  }
  // A follow-up roundtable's review phase: the previous plan's steps with their history, the rating history.
  const previous = viewIn('plan');
  const previousSteps = previous.contributions
    .filter((c): c is PlanStep => c.kind === 'step')
    .map((step, i) => ({
      ...step,
      updates: [
        {
          at: previous.now.toISOString(),
          by: step.owner,
          status: 'in-progress' as const,
          note: `Update ${i}`,
        },
      ],
    }));
  const review = {
    previous: { id: previous.roundtable.id, createdAt: previous.roundtable.createdAt },
    steps: previousSteps,
    children: ['J.T.', 'M.T.'],
    history: [
      { at: previous.now.toISOString(), occasion: 'roundtable' as const, ratings: { 'J.T.': 'fair' } },
    ],
    current: { 'J.T.': 'good' },
  };
  keep(phaseCard({ ...viewIn('review'), review } as ReturnType<typeof realisticView>, 'review'));
  // The Welcome card with invitations sent and answered.
  const welcome = viewIn('welcome');
  const invited = (i: number, status: 'invited' | 'confirmed' | 'declined') => ({
    id: `inv-${i}`,
    roundtableId: welcome.roundtable.id,
    caseAlias: 'J.T.',
    // The one who confirmed has joined (shown once, on the roster); the others are not here yet.
    person: i === 1 ? welcome.roundtable.roster[i]! : { id: `29:invitee-${i}`, name: `Invitee ${i}` },
    invitedBy: welcome.roundtable.startedBy,
    invitedAt: welcome.now.toISOString(),
    meetingAt: '2026-03-20 14:00',
    status,
  });
  keep(
    phaseCard(
      { ...welcome, invitations: [invited(1, 'confirmed'), invited(2, 'invited'), invited(3, 'declined')] },
      'welcome',
    ),
  );
  keep(summaryCard(viewIn('debrief', { ended: true })));
  keep(summaryCard(viewIn('plan')));
  const plan = viewIn('plan');
  for (const person of plan.roundtable.roster.slice(0, 3)) keep(myIdeasCard(viewIn('brainstorm'), person));
  keep(helpCard([{ usage: 'next', description: 'Moves to the next phase' }], '', lang));
  keep(
    helpCard(
      [
        {
          title: 'During the roundtable',
          commands: [{ usage: '@Roundtable next', description: 'Next phase' }],
        },
        { title: 'Any time', commands: [{ usage: '@Roundtable help', description: 'This list' }] },
      ],
      'Personal commands are in the 1:1 chat.',
      lang,
    ),
  );
  keep(noticeCard('Saved.', 'info'));
  keep(noticeCard('Not saved.', 'error'));

  const me = plan.roundtable.roster[1]!;
  // The 1:1 and programme cards take the language of their reader as a parameter.
  const inLang = lang ? { lang } : {};
  for (const notice of notices) {
    keep(prep.preparationCard({ alias: 'J.T.', maxLength: 2000, ...(notice ? { notice } : {}), ...inLang }));
  }
  const invitation = realisticInvitation(plan);
  keep(prep.invitationCard(invitation, plan.roundtable, undefined, undefined, lang));
  keep(
    prep.invitationCard({ ...invitation, role: 'caseworker' }, plan.roundtable, undefined, undefined, lang),
  );
  keep(prep.attachPromptCard(plan.roundtable, lang));

  const steps = plan.contributions.filter((c): c is PlanStep => c.kind === 'step');
  const lines = steps.slice(0, 4).map((step, i) => ({
    step: i === 1 ? { ...step, status: 'blocked' as const, reason: 'Waiting for the court date' } : step,
    roundtable: plan.roundtable,
    overdueDays: i === 0 ? 3 : 0,
  }));
  for (const actionable of [true, false])
    keep(
      followUp.stepsCard({
        heading: 'Your steps',
        intro: 'Steps you own',
        lines,
        list: 'mine',
        actionable,
        notice: { kind: 'info', text: 'Saved.' },
        myRoundtablesUrl: 'https://teams.microsoft.com/l/entity/app/my',
        ...inLang,
      }),
    );
  keep(followUp.stepsCard({ heading: 'Team steps', lines, list: 'team', actionable: true, ...inLang }));
  keep(
    followUp.familyReviewCard({
      roundtable: { ...plan.roundtable, status: 'ended' },
      notice: { kind: 'info', text: 'Marked done: Hold a family team meeting.' },
      ...inLang,
    }),
  );
  keep(
    followUp.stepsCard({
      heading: 'Your steps',
      lines: [],
      list: 'mine',
      actionable: false,
      emptyText: 'None.',
      ...inLang,
    }),
  );
  for (const myRoundtablesUrl of [undefined, 'https://teams.microsoft.com/l/entity/app/my'])
    keep(
      followUp.reviewCard({
        roundtable: { ...plan.roundtable, status: 'ended' },
        plan: plan.plan,
        steps,
        children: ['J.T.', 'M.T.'],
        settings: plan.settings,
        notice: { kind: 'error', text: 'Choose an outcome.' },
        ...(myRoundtablesUrl ? { myRoundtablesUrl } : {}),
        ...inLang,
      }),
    );

  const now = plan.now.toISOString();
  const entries = [0, 1, 2].map((i) => ({
    id: `bar-${i}`,
    roundtableId: plan.roundtable.id,
    caseAlias: 'J.T.',
    category: 'policy' as const,
    text: 'Licensing takes 9 months',
    raisedAt: now,
    raisedBy: me.id,
    status: 'open' as const,
    notes: [{ at: now, by: me, note: 'Asked the licensing unit' }],
    source: 'brainstorm' as const,
    updatedAt: now,
  }));
  const report = {
    periods: [{ key: 'all', label: 'All time' }],
    counts: Object.fromEntries(BARRIER_CATEGORIES.map((c, i) => [c, { all: i }])),
    totals: { all: 3 },
    byStatus: { open: 3, escalated: 0, 'in-progress': 0, resolved: 0 },
    oldestOpen: entries,
    openCount: 3,
  } as unknown as BarrierReport;
  keep(
    programme.barriersCard({
      report,
      leaders: [me],
      heading: 'Barrier register',
      notice: { kind: 'info', text: 'Noted.' },
      ...inLang,
    }),
  );
  keep(
    programme.barriersCard({ report: { ...report, oldestOpen: [], openCount: 0 }, leaders: [], ...inLang }),
  );
  keep(
    programme.barrierDigestCard(
      { month: '2026-03', report, leaders: [me], newCount: 2, since: '2026-02-01' },
      lang,
    ),
  );
  for (const alias of ['J.T.', undefined])
    keep(
      programme.downloadCard({
        what: 'Case file',
        ...(alias ? { alias } : {}),
        linkTitle: 'Download',
        url: 'http://127.0.0.1/api/export?t=abc',
        expiresAt: now,
        ...inLang,
      }),
    );
  const handout = require('../../cards/handout-cards.js') as typeof import('../../cards/handout-cards.js');
  keep(
    handout.handoutLinkCard({
      alias: 'J.T.',
      language: 'Español',
      url: 'http://127.0.0.1/api/export?t=abc',
      expiresAt: now,
      ...inLang,
    }),
  );
  const due =
    require('../../cards/roundtable-due-card.js') as typeof import('../../cards/roundtable-due-card.js');
  for (const missing of [0, 2])
    keep(
      due.roundtableDueCard({
        alias: 'J.T.',
        lastEndedAt: now,
        dueDay: '2026-06-01',
        passed: missing > 0,
        cadenceDays: 180,
        attendees: [],
        missing,
        rules: { timeZone: 'America/Chicago', workingHours: null },
        myRoundtablesUrl: 'https://teams.microsoft.com/l/entity/app/my',
        // The passed one: a follow-up left open, the meeting proposed a week from today.
        ...(missing > 0 ? { leftOpenSince: '2026-06-03T15:00:00.000Z', today: '2026-07-01' } : {}),
        ...inLang,
      }),
    );
  const youth = require('../../cards/youth-card.js') as typeof import('../../cards/youth-card.js');
  const { defaultYouthSettings } =
    require('../../cards/youth-words.js') as typeof import('../../cards/youth-words.js');
  keep(
    youth.youthCard(
      {
        caseAlias: 'Y.T.',
        practice: true,
        youthGoals: [
          { id: 'g1', text: 'Stay at my school', source: 'youth', by: me, at: now },
          { id: 'g2', text: 'See my brother', source: 'facilitator', by: me, at: now },
        ],
      } as never,
      defaultYouthSettings(lang),
      lang,
    ),
  );
  return cards;
}
