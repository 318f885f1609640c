import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** True when the run refreshes the screenshots the docs show (`UPDATE_SCREENSHOTS=1`). */
export const UPDATING_SCREENSHOTS = Boolean(process.env.UPDATE_SCREENSHOTS);

/**
 * Where a test writes a screenshot that docs/ shows: `docs/<parts>` with `UPDATE_SCREENSHOTS=1`,
 * otherwise `test-results/<parts>` (ignored by git), so `npm test` never changes a tracked file.
 * The folder exists when this returns.
 */
export function screenshotDir(...parts: string[]): string {
  const dir = resolve(ROOT, UPDATING_SCREENSHOTS ? 'docs' : 'test-results', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
