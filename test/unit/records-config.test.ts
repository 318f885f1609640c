/**
 * Records settings (bot/config-records.ts) and the one retention table: every kind with its own setting is read
 * from the environment, and docs/security.md shows the table as the code holds it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../../bot/config.js';
import { RETENTION_KINDS, RETENTION_TABLE } from '../../bot/roundtable/retention-rules.js';
import {
  between,
  RETENTION_END,
  RETENTION_START,
  retentionTable,
  SECURITY_DOC,
  tableRows,
} from '../../scripts/security-table.js';

describe('records settings and the retention table', () => {
  it('has a setting for every kind the daily pass deletes, each read from the environment', () => {
    const env = Object.fromEntries(
      RETENTION_TABLE.flatMap((r, i) => (r.setting.kind === 'env' ? [[r.setting.name, String(i + 1)]] : [])),
    );
    const config = loadConfig({ PORT: '0', ...env });
    for (const kind of RETENTION_KINDS) {
      const i = RETENTION_TABLE.findIndex((r) => r.kind === kind);
      assert.ok(i >= 0, `${kind} is in the table`);
      assert.equal(config.records.retention[kind], i + 1, kind);
    }
    const defaults = loadConfig({ PORT: '0' }).records;
    assert.equal(defaults.deleteWindowDays, 7);
    assert.deepEqual(defaults.officerIds, []);
    assert.equal(defaults.caseFileNotice, undefined);
  });

  it('refuses records officers that are not Entra object ids, and out-of-range days', () => {
    assert.throws(() => loadConfig({ PORT: '0', RECORDS_OFFICER_IDS: 'bob' }), ConfigError);
    assert.throws(() => loadConfig({ PORT: '0', DELETE_WINDOW_DAYS: '-1' }), ConfigError);
    assert.throws(() => loadConfig({ PORT: '0', DRAFT_RETENTION_DAYS: 'soon' }), ConfigError);
  });

  it('docs/security.md shows the retention table as the code holds it (npm run docs:security)', () => {
    const doc = readFileSync(SECURITY_DOC, 'utf8');
    assert.deepEqual(tableRows(between(doc, RETENTION_START, RETENTION_END)), tableRows(retentionTable()));
    assert.match(
      doc,
      /## Access log\n\nChild-welfare records are confidential by law/,
      'the access log section is written',
    );
  });
});
