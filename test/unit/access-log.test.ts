import assert from 'node:assert/strict';
import { loadAuditConfig } from '../../bot/config-audit.js';
import {
  ACCESS_CSV_COLUMNS,
  type AccessEntry,
  accessCsv,
  accessFilter,
  monthsOf,
  purgeExpiredAccess,
} from '../../bot/roundtable/access-log.js';
import { MemoryAccessLog } from '../../bot/store/memory/access-log.js';

describe('access log rules (pure)', () => {
  it('access log filter: a bounded period of at most a year, real dates, from before to', () => {
    const bad = (raw: Record<string, unknown>) => {
      const f = accessFilter(raw);
      return f.ok ? undefined : f.failure.code;
    };
    assert.equal(bad({}), 'invalid', 'no period');
    assert.equal(bad({ from: '2026-01-01' }), 'invalid', 'open-ended');
    assert.equal(bad({ from: '2026-02-30', to: '2026-03-01' }), 'invalid', 'no such day');
    assert.equal(bad({ from: '2026-03-02', to: '2026-03-01' }), 'invalid', 'backwards');
    assert.equal(bad({ from: '2025-01-01', to: '2026-01-02' }), 'invalid', '367 days');
    assert.equal(bad({ from: '2025-01-01', to: '2026-01-01', actorId: 'Casey Worker' }), 'invalid');
    assert.equal(bad({ from: '2025-01-01', to: '2026-01-01', caseAlias: 'x'.repeat(41) }), 'invalid');
    assert.deepEqual(
      accessFilter({ from: '2025-01-02', to: '2026-01-02', caseAlias: ' J.T. ', refusedOnly: 'true' }),
      {
        ok: true,
        value: { from: '2025-01-02', to: '2026-01-02', caseAlias: 'J.T.', refusedOnly: true },
        notice: undefined,
      },
    );
  });

  it('access log filter: a period touches its months, newest first (at most 13)', () => {
    assert.deepEqual(monthsOf({ from: '2025-11-30', to: '2026-02-01' }), [
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
    assert.equal(monthsOf({ from: '2025-01-31', to: '2026-01-31' }).length, 13);
  });

  it('access log CSV: the columns, RFC 4180 quoting and no spreadsheet formulas', () => {
    const e: AccessEntry = {
      id: 'e1',
      tenantId: 't1',
      at: '2026-12-06T08:00:00.000Z',
      actorId: 'a1',
      route: 'GET /api/tab/board/:id',
      kind: 'refusal',
      roundtableId: 'rt1',
      caseAlias: '=HYPERLINK("x","J""T")',
      outcome: 'refused',
      code: 'forbidden',
    };
    const csv = accessCsv([e, { ...e, id: 'e2', caseAlias: '+1', code: undefined, roundtableId: undefined }]);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], ACCESS_CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    assert.equal(
      lines[1],
      '"2026-12-06T08:00:00.000Z","a1","t1","GET /api/tab/board/:id","refusal","rt1","\'=HYPERLINK(""x"",""J""""T"")","refused","forbidden","e1"',
    );
    assert.equal(
      lines[2],
      '"2026-12-06T08:00:00.000Z","a1","t1","GET /api/tab/board/:id","refusal","","\'+1","refused","","e2"',
    );
    assert.equal(lines[3], '', 'ends with CRLF');
  });

  it('access log retention: entries older than the retention go, younger ones stay', async () => {
    const log = new MemoryAccessLog();
    const at = (iso: string): AccessEntry => ({
      id: iso,
      tenantId: 't1',
      at: iso,
      actorId: 'a1',
      route: 'GET /api/tab/board',
      kind: 'read',
      outcome: 'allowed',
    });
    await log.append(at('2019-12-06T07:59:59.999Z'));
    await log.append(at('2019-12-06T08:00:00.000Z'));
    const now = new Date('2026-12-04T08:00:00.000Z'); // 2,555 days after 2019-12-06 08:00
    assert.equal(await purgeExpiredAccess(log, 2555, now), 1);
    const left = await log.query('t1', { from: '2019-12-01', to: '2019-12-31' }, { limit: 10 });
    assert.deepEqual(
      left.entries.map((e) => e.id),
      ['2019-12-06T08:00:00.000Z'],
    );
  });

  it('access log config: seven years by default, officers as GUIDs, bad values named', () => {
    assert.deepEqual(loadAuditConfig({}), { retentionDays: 2555, securityOfficerIds: [] });
    const id = '0B5C2A7E-1111-4222-8333-444455556666';
    assert.deepEqual(loadAuditConfig({ AUDIT_RETENTION_DAYS: '3650', SECURITY_OFFICER_IDS: ` ${id} ,` }), {
      retentionDays: 3650,
      securityOfficerIds: [id.toLowerCase()],
    });
    assert.throws(
      () => loadAuditConfig({ SECURITY_OFFICER_IDS: 'pat@agency.example' }),
      /SECURITY_OFFICER_IDS/,
    );
    assert.throws(() => loadAuditConfig({ AUDIT_RETENTION_DAYS: '0' }), /AUDIT_RETENTION_DAYS/);
  });
});
