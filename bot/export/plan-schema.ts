/**
 * The plan export's JSON Schema (docs/schema/roundtable-plan.v1.schema.json) and the one validator every export
 * passes before it is offered: ajv (draft 2020-12) with ajv-formats (date, date-time).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../docs/schema/roundtable-plan.v1.schema.json';

/** The version every record carries in `schemaVersion` (docs/schema/CHANGELOG.md). */
export const PLAN_SCHEMA_VERSION = '1.0.0';

/** The schema as kept in the repository. */
export const PLAN_SCHEMA = schema;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** Is `plan` a valid record? The errors name paths and rules only (never the values, which may be case text). */
export function checkPlan(plan: unknown): { ok: true } | { ok: false; errors: string[] } {
  if (validate(plan)) return { ok: true };
  return {
    ok: false,
    errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.keyword}`),
  };
}
