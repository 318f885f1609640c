/**
 * The bulk plan export of a period for leaders and records officers, tenant-scoped: NDJSON (one plan record per
 * line) or CSV tables (plans, steps, children) in a zip. Every record passes the schema first, or nothing is sent.
 */
import JSZip from 'jszip';
import { csvCell } from '../roundtable/barrier-register.js';
import type { CaseFileExport } from '../roundtable/export.js';
import type { DownloadLink } from '../roundtable/records.js';
import type { PlanFile } from './plan-download.js';
import { type PlanExportOptions, type PlanJson, planJson } from './plan-export.js';
import { checkPlan } from './plan-schema.js';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function table(header: string[], rows: string[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The three CSV tables of a set of plan records (keys: roundtableId; steps and children by it). */
export function planTables(plans: PlanJson[]): { plans: string; steps: string; children: string } {
  const rows = plans as Row[];
  return {
    plans: table(
      [
        'roundtableId',
        'caseNumber',
        'caseAlias',
        'kind',
        'followUpOf',
        'office',
        'created',
        'ended',
        'primaryGoal',
        'concurrentGoal',
        'planStatus',
        'closedOutcome',
        'familyReviewDate',
        'fidelityPassed',
        'fidelityItems',
      ],
      rows.map((p) => {
        const dates = p.dates as Row;
        const goals = p.goals as Row;
        const fidelity = p.fidelity as { passed: boolean }[];
        return [
          str(p.roundtableId),
          str(p.caseNumber),
          str(p.caseAlias),
          str(p.kind),
          str(p.followUpOf),
          str(p.office),
          str(dates.created),
          str(dates.ended),
          str(goals.primary),
          str(goals.concurrent),
          str(p.planStatus),
          str((p.closed as Row | undefined)?.outcome),
          str((p.familyReview as Row | null)?.date),
          String(fidelity.filter((f) => f.passed).length),
          String(fidelity.length),
        ];
      }),
    ),
    steps: table(
      [
        'roundtableId',
        'stepId',
        'text',
        'ownerEntraObjectId',
        'dueDate',
        'status',
        'fromIdeaId',
        'carriedFromStepId',
        'updates',
      ],
      rows.flatMap((p) =>
        (p.steps as Row[]).map((s) => [
          str(p.roundtableId),
          str(s.id),
          str(s.text),
          str((s.owner as Row).entraObjectId),
          str(s.dueDate),
          str(s.status),
          str((s.fromIdea as Row | null)?.id),
          str((s.carriedFrom as Row | undefined)?.stepId),
          String((s.statusHistory as unknown[]).length),
        ]),
      ),
    ),
    children: table(
      ['roundtableId', 'caseNumber', 'alias', 'age', 'currentRating', 'ratedAt'],
      rows.flatMap((p) =>
        (p.children as Row[]).map((c) => [
          str(p.roundtableId),
          str(p.caseNumber),
          str(c.alias),
          str(c.age),
          str(c.currentRating),
          str((c.ratings as Row[]).at(-1)?.at),
        ]),
      ),
    ),
  };
}

/** The period's plans of the link's tenant as NDJSON or a zip of CSV tables. */
export async function bulkFile(
  exports: CaseFileExport,
  link: DownloadLink,
  opts: PlanExportOptions,
): Promise<PlanFile> {
  if (!link.period) return { ok: false, status: 404, message: 'This download link is not valid.' };
  const ids = await exports.tenantRoundtables(link.tenantId, link.period);
  const plans: PlanJson[] = [];
  for (const id of ids) {
    const record = await exports.record(id);
    if (!record) continue; // deleted meanwhile
    const plan = planJson(record, opts);
    const checked = checkPlan(plan);
    if (!checked.ok)
      return {
        ok: false,
        status: 422,
        event: 'export.invalid',
        errors: checked.errors,
        message:
          'These plans could not be exported: one does not pass the exchange schema (docs/schema). Nothing was sent; the administrator has been told by the log.',
      };
    plans.push(plan);
  }
  const stem = `roundtable-plans-${link.period.from}-to-${link.period.to}`;
  if (link.kind === 'plans-ndjson')
    return {
      ok: true,
      body: Buffer.from(plans.map((p) => `${JSON.stringify(p)}\n`).join(''), 'utf8'),
      type: 'application/x-ndjson; charset=utf-8',
      name: `${stem}.ndjson`,
    };
  const tables = planTables(plans);
  const zip = new JSZip();
  zip.file('plans.csv', tables.plans);
  zip.file('steps.csv', tables.steps);
  zip.file('children.csv', tables.children);
  return {
    ok: true,
    body: await zip.generateAsync({ type: 'nodebuffer' }),
    type: 'application/zip',
    name: `${stem}.zip`,
  };
}
