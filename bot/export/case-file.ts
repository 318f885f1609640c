import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CASE_SUMMARY_LABELS, RATING_OCCASION_LABELS, STEP_STATUS_LABELS } from '../../cards/labels.js';
import { outcomeLabel } from '../roundtable/child-outcome.js';
import { CONTACT_LABELS, FREQUENCY_LABELS } from '../roundtable/child-page.js';
import type { CaseFileRecord } from '../roundtable/export.js';
import type { PermanencyHistoryRow } from '../roundtable/follow-up-roundtable.js';
import { PHASE_INFO, spentMs } from '../roundtable/phases.js';
import type { RoundtableRecord } from '../roundtable/roundtable-record.js';
import { supporterName } from '../roundtable/supporter.js';
import type { Contribution, PlanStep } from '../roundtable/types.js';
import { YOUTH_CARD_HEADINGS } from '../roundtable/youth-agenda.js';
import { goalMark, questionsOf, youthGoals } from '../roundtable/youth-rules.js';

const GOALS: Record<string, string> = {
  reunification: 'Reunification',
  adoption: 'Adoption',
  guardianship: 'Guardianship',
  'relative-placement': 'Permanent placement with a relative',
  appla: 'Another planned permanent living arrangement (APPLA)',
};

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function heading(
  text: string,
  level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1,
) {
  return new Paragraph({ text, heading: level });
}

/** A paragraph of plain text; Word shows user text as it was typed (no markup is interpreted). */
function para(text: string, opts: { bold?: boolean; italics?: boolean } = {}) {
  const lines = text.split('\n');
  return new Paragraph({
    children: lines.map((line, i) => new TextRun({ text: line, ...opts, ...(i > 0 ? { break: 1 } : {}) })),
  });
}

function labelled(label: string, value: string) {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
}

function table(header: string[], rows: string[][]) {
  const cell = (text: string, bold = false) => new TableCell({ children: [para(text, { bold })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

function stepRows(steps: PlanStep[]): string[][] {
  return steps.map((s, i) => [
    String(i + 1),
    s.text,
    s.owner.name,
    s.dueDate,
    STEP_STATUS_LABELS[s.status] + (s.reason ? ` (${s.reason})` : ''),
    supporterName(s),
  ]);
}

function stepHistory(steps: PlanStep[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const [i, s] of steps.entries()) {
    for (const u of s.updates ?? []) {
      const what = [
        u.status ? STEP_STATUS_LABELS[u.status] : '',
        u.dueDate ? `new due date ${u.dueDate}` : '',
        u.note ?? '',
      ]
        .filter(Boolean)
        .join(' · ');
      out.push(para(`Step ${i + 1}, ${day(u.at)}, ${u.by.name}: ${what}`));
    }
  }
  return out;
}

function historyTable(
  rows: PermanencyHistoryRow[],
  children: string[],
  scale: CaseFileRecord['settings']['ratingScale'],
) {
  const label = (key: string | undefined) => (key ? (scale.find((r) => r.key === key)?.label ?? key) : '—');
  return table(
    ['Date', 'Occasion', ...children],
    rows.map((r) => [
      day(r.at),
      RATING_OCCASION_LABELS[r.occasion],
      ...children.map((c) => label(r.ratings[c])),
    ]),
  );
}

/**
 * Each child of the case (#25): every rating with its date and occasion, and the outcome with the court's
 * finalisation date; "not recorded" where a roundtable stored before #25 cannot say.
 */
function childSections(record: CaseFileRecord): (Paragraph | Table)[] {
  const views = record.children ?? [];
  if (!views.length) return [];
  const label = (key: string) => record.settings.ratingScale.find((r) => r.key === key)?.label ?? key;
  const out: (Paragraph | Table)[] = [heading('Each child')];
  for (const v of views) {
    out.push(heading(v.childAlias, HeadingLevel.HEADING_2));
    out.push(labelled('Outcome', v.outcome ? outcomeLabel(v.outcome) : 'not recorded'));
    if (v.ratings.length)
      out.push(
        table(
          ['Date', 'Occasion', 'Permanency status'],
          v.ratings.map((r) => [day(r.at), RATING_OCCASION_LABELS[r.occasion], label(r.key)]),
        ),
      );
    else out.push(para('Permanency status: not recorded.'));
    const living = (key: string) => record.settings.livingScale.find((l) => l.key === key)?.label ?? key;
    out.push(
      labelled(
        'Living situation',
        v.living.length ? v.living.map((l) => `${day(l.at)} ${living(l.key)}`).join('; ') : 'not recorded',
      ),
    );
    const current = v.connections.filter((c) => !c.removedAt);
    if (current.length)
      out.push(
        table(
          ['Lifelong connection', 'Committed', 'Contact', 'Name and contact details (protected)'],
          current.map((c) => [
            c.relationship,
            c.committed ? 'yes' : 'no',
            `${CONTACT_LABELS[c.contact] ?? c.contact}, ${(FREQUENCY_LABELS[c.frequency] ?? c.frequency).toLowerCase()}`,
            [c.protected.name, c.protected.details].filter(Boolean).join('; '),
          ]),
        ),
      );
    else out.push(para('Lifelong connections: none recorded.'));
  }
  return out;
}

function live<K extends Contribution['kind']>(all: Contribution[], kind: K) {
  return all.filter((c): c is Extract<Contribution, { kind: K }> => c.kind === kind && !c.withdrawn);
}

const VOICE_LABELS = [
  ['youthLiving', 'Where and with whom the youth wants to live'],
  ['youthMatters', 'Who matters to the youth'],
  ['family', 'What the family said'],
  ['stakeholders', 'What others said'],
] as const;

/** The youth and family voice from the preparation, as the Present card showed it. */
function voiceSection(held: RoundtableRecord): Paragraph[] {
  const out = [heading('Youth and family voice', HeadingLevel.HEADING_2)];
  if (!held.voice) return [...out, para('Nothing was recorded of what the youth and family said.')];
  for (const [key, label] of VOICE_LABELS) {
    const v = held.voice[key];
    if (v.trim()) out.push(labelled(label, v));
  }
  return out;
}

const ANSWER_LABELS = {
  'solved-now': 'Solved now',
  'needs-decision': 'Needs a policy or legal decision',
  'not-a-barrier': 'Not a barrier',
} as const;

/** Systemic barriers raised in the brainstorm and the barrier busters' answers. */
function barrierSection(held: RoundtableRecord): Paragraph[] {
  if (!held.barriers.length) return [];
  const out = [heading('Systemic barriers')];
  for (const b of held.barriers) {
    out.push(para(`${b.idea.text} [${b.category}]`, { bold: true }));
    const a = b.answer;
    if (!a) {
      out.push(para('(not answered)', { italics: true }));
      continue;
    }
    const parts = [
      ANSWER_LABELS[a.kind],
      a.decision ?? '',
      a.owner ? `taken up by ${a.owner.name}` : '',
      a.dueDate ? `by ${a.dueDate}` : '',
    ].filter(Boolean);
    out.push(para(`${parts.join(' · ')} (${a.by.name}, ${day(a.at)})`));
  }
  return out;
}

/** The family team meeting that reviewed the plan with the youth and family. */
function familyReviewSection(held: RoundtableRecord): Paragraph[] {
  const out = [heading('Family team meeting', HeadingLevel.HEADING_2)];
  const r = held.familyReview;
  if (!r)
    return [...out, para('Not recorded yet: the plan is a draft until it is reviewed with the family.')];
  out.push(labelled('Date', r.date), labelled('Who took part', r.participants));
  out.push(labelled('Changes agreed', r.changes || '(none)'));
  if (r.youthTookPart !== undefined)
    out.push(labelled('The youth took part', r.youthTookPart ? 'yes' : 'no'));
  if (r.youthSaid) out.push(labelled('What the youth said', r.youthSaid));
  out.push(labelled('Recorded by', `${r.recordedBy.name}, ${day(r.recordedAt)}`));
  return out;
}

/** Options of the case file: the agency's re-disclosure notice (CASE_FILE_NOTICE), printed first. */
export interface CaseFileOptions {
  /** E.g. the 42 CFR Part 2 notice for substance-use treatment records, or a FERPA notice for education records. */
  notice?: string;
}

/** The case file as a Word document (.docx), rendered from the record. */
export async function caseFileDocx(record: CaseFileRecord, opts: CaseFileOptions = {}): Promise<Buffer> {
  const { roundtable: rt, caseSummary: s, contributions, plan, settings } = record;
  const children = s?.children.length ? s.children.map((c) => c.alias) : [rt.caseAlias];
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: `Permanency Roundtable: ${rt.caseAlias}`, heading: HeadingLevel.TITLE }),
    labelled('Kind', rt.followUpOf ? 'Follow-up roundtable' : 'Roundtable'),
    labelled('Held', `${day(rt.createdAt)}${rt.endedAt ? ` to ${day(rt.endedAt)}` : ' (not ended)'}`),
    labelled('Exported', day(record.exportedAt)),
    labelled('Participants', record.held.roles.map((r) => `${r.name} (${r.roleLabel})`).join('; ')),
    para('Confidential: information about a child in out-of-home care. Keep it in the case file only.', {
      italics: true,
    }),
    ...(opts.notice
      ? [heading('Notice on re-disclosure', HeadingLevel.HEADING_2), para(opts.notice, { bold: true })]
      : []),
  ];

  body.push(heading('Case summary'));
  if (s) {
    body.push(
      labelled(
        'Children',
        s.children.map((c) => (c.age === undefined ? c.alias : `${c.alias}, ${c.age}`)).join('; '),
      ),
    );
    for (const [key, label] of CASE_SUMMARY_LABELS) {
      const v = s[key];
      if (typeof v === 'string' && v) body.push(labelled(label, v));
    }
  } else body.push(para('No case summary was recorded.'));
  body.push(...voiceSection(record.held));
  const facts = live(contributions, 'fact');
  if (facts.length) {
    body.push(heading('Case facts', HeadingLevel.HEADING_2));
    for (const f of facts) body.push(para(`${f.text} (${f.author.name})`));
  }

  body.push(heading('Questions and answers'));
  const questions = live(contributions, 'question');
  const answers = live(contributions, 'answer');
  if (!questions.length) body.push(para('No clarifying questions were recorded.'));
  for (const q of questions) {
    body.push(para(`Q: ${q.text}`, { bold: true }));
    const mine = answers.filter((a) => a.questionId === q.id);
    if (!mine.length) body.push(para('(not answered)', { italics: true }));
    for (const a of mine) body.push(para(`A: ${a.text} (${a.author.name})`));
  }

  body.push(heading('Brainstorm ideas'));
  const ideas = live(contributions, 'idea');
  if (!ideas.length) body.push(para('No ideas were recorded.'));
  for (const [i, q] of questionsOf(rt, settings).entries()) {
    const mine = ideas.filter((idea) => idea.questionKey === q.key);
    if (!mine.length) continue;
    body.push(heading(`${i + 1}. ${q.text}`, HeadingLevel.HEADING_2));
    for (const idea of mine) {
      body.push(
        para(
          `${idea.text}${rt.anonymous ? '' : ` (${idea.author.name})`}${idea.barrier ? ` [systemic barrier: ${idea.barrier}]` : ''}`,
        ),
      );
    }
  }

  body.push(...barrierSection(record.held));

  body.push(heading('Permanency Action Plan'));
  // A youth-centred roundtable (#29): the youth's goals, in their own words, first on the plan.
  if (youthGoals(rt).length) body.push(heading(YOUTH_CARD_HEADINGS.planGoals, HeadingLevel.HEADING_2));
  for (const g of youthGoals(rt)) body.push(para(`“${g.text}” (${goalMark(g)})`));
  body.push(
    labelled(
      'Status',
      plan.closed
        ? `closed (${plan.closed.outcome}) on ${day(plan.closed.at)}`
        : plan.draft
          ? 'draft'
          : 'final',
    ),
  );
  body.push(
    labelled('Primary goal', plan.primaryGoal ? (GOALS[plan.primaryGoal] ?? plan.primaryGoal) : 'not set'),
  );
  body.push(
    labelled(
      'Concurrent goal',
      plan.concurrentGoal ? (GOALS[plan.concurrentGoal] ?? plan.concurrentGoal) : 'not set',
    ),
  );
  const steps = live(contributions, 'step');
  if (steps.length) {
    body.push(table(['#', 'Step', 'Owner', 'Due', 'Status', 'Supported by'], stepRows(steps)));
    const hist = stepHistory(steps);
    if (hist.length) body.push(heading('Step follow-up history', HeadingLevel.HEADING_2), ...hist);
  } else body.push(para('The plan has no steps.'));

  body.push(...familyReviewSection(record.held));

  body.push(heading('Permanency status history'));
  if (record.permanencyHistory.length)
    body.push(historyTable(record.permanencyHistory, children, settings.ratingScale));
  else body.push(para('No permanency status ratings were recorded.'));
  body.push(...childSections(record));

  body.push(heading('Debrief'));
  const debrief = live(contributions, 'debrief');
  for (const [prompt, label] of [
    ['went-well', 'What went well'],
    ['change', 'What to change'],
  ] as const) {
    body.push(heading(label, HeadingLevel.HEADING_2));
    const mine = debrief.filter((d) => d.prompt === prompt);
    if (!mine.length) body.push(para('(nothing recorded)', { italics: true }));
    for (const d of mine) body.push(para(`${d.text} (${d.author.name})`));
  }
  body.push(heading('Fidelity check', HeadingLevel.HEADING_2));
  body.push(
    table(
      ['', 'Check', 'Detail'],
      record.fidelity.map((f) => [f.ok ? '✓' : '✗', f.label, f.detail]),
    ),
  );
  body.push(heading('Time per phase', HeadingLevel.HEADING_2));
  body.push(
    table(
      ['Phase', 'Planned', 'Spent'],
      rt.phases.map((p, i) => [
        `${i + 1}. ${PHASE_INFO[p.key].title}`,
        `${p.plannedMinutes} min`,
        p.visited ? `${Math.round(spentMs(p, new Date(record.exportedAt)) / 60000)} min` : 'skipped',
      ]),
    ),
  );

  body.push(heading('Follow-up history'));
  if (!record.earlier.length) body.push(para('This was the first roundtable of the case.'));
  for (const e of record.earlier) {
    body.push(
      heading(
        `${e.roundtable.followUpOf ? 'Follow-up roundtable' : 'Roundtable'} of ${day(e.roundtable.createdAt)}`,
        HeadingLevel.HEADING_2,
      ),
    );
    if (e.steps.length) {
      body.push(table(['#', 'Step', 'Owner', 'Due', 'Status', 'Supported by'], stepRows(e.steps)));
      body.push(...stepHistory(e.steps));
    } else body.push(para('That plan had no steps.'));
  }

  const doc = new Document({
    creator: 'Roundtable bot',
    title: `Permanency Roundtable ${rt.caseAlias}`,
    description: 'Case file export',
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
