/** The plan export as a file: built from the record, checked against the schema, refused when it does not pass. */
import type { CaseFileExport } from '../roundtable/export.js';
import { type PlanExportOptions, planJson } from './plan-export.js';
import { checkPlan } from './plan-schema.js';

/** A file to serve, or why not (a refusal carries no case content). */
export type PlanFile =
  | { ok: true; body: Buffer; type: string; name: string }
  | { ok: false; status: number; message: string; event?: string; errors?: string[] };

/** How a file is named: the alias, kept to safe characters. */
export function exportFileName(alias: string, ext: string): string {
  const safe = alias.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `roundtable-${safe}.${ext}`;
}

/** The roundtable's plan as one JSON record (docs/schema/roundtable-plan.v1.schema.json). */
export async function planFile(
  exports: CaseFileExport,
  link: { roundtableId?: string; personId: string },
  opts: PlanExportOptions,
): Promise<PlanFile> {
  const record = link.roundtableId ? await exports.record(link.roundtableId, link.personId) : undefined;
  if (!record) return { ok: false, status: 404, message: 'This roundtable no longer exists.' };
  const plan = planJson(record, opts);
  const checked = checkPlan(plan);
  if (!checked.ok)
    return {
      ok: false,
      status: 422,
      event: 'export.invalid',
      errors: checked.errors,
      message:
        'This plan could not be exported: it does not pass the exchange schema (docs/schema). Nothing was sent; the administrator has been told by the log.',
    };
  return {
    ok: true,
    body: Buffer.from(`${JSON.stringify(plan, null, 2)}\n`, 'utf8'),
    type: 'application/json; charset=utf-8',
    name: exportFileName(record.roundtable.caseAlias, 'json'),
  };
}
