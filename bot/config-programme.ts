/** Configuration of the programme features: leaders, retention, download links, and the leaders' programme view. */

/** Programme features: leaders, retention, download links, offices and small-number suppression. */
export interface ProgrammeConfig {
  leaderIds: string[];
  retentionDays: number;
  exportLinkMinutes: number;
  /** Offices or regions a roundtable can be started in (OFFICES, comma-separated); empty: no office filter. */
  offices: string[];
  /** Counts from 1 up to this number minus one are shown as "fewer than N" (SUPPRESS_BELOW, default 5). */
  suppressBelow: number;
}

/** The programme block of the configuration; a bad OFFICES or SUPPRESS_BELOW throws `fail` worded for the admin. */
export function programmeConfig(
  e: { LEADER_IDS: string[]; RETENTION_DAYS: number; EXPORT_LINK_MINUTES: number },
  env: Record<string, string | undefined>,
  fail: new (message: string) => Error,
): ProgrammeConfig {
  const offices = [
    ...new Set(
      (env.OFFICES ?? '')
        .split(',')
        .map((o) => o.trim().replace(/\s+/g, ' '))
        .filter(Boolean),
    ),
  ];
  if (offices.some((o) => o.length > 60 || /[<>"`]/.test(o)))
    throw new fail('Invalid configuration:\n  - OFFICES: names of at most 60 characters, without < > " `');
  const raw = (env.SUPPRESS_BELOW ?? '').trim();
  const suppressBelow = raw === '' ? 5 : Number(raw);
  if (!Number.isInteger(suppressBelow) || suppressBelow < 1 || suppressBelow > 100)
    throw new fail('Invalid configuration:\n  - SUPPRESS_BELOW: a whole number from 1 to 100 (default 5)');
  return {
    leaderIds: e.LEADER_IDS,
    retentionDays: e.RETENTION_DAYS,
    exportLinkMinutes: e.EXPORT_LINK_MINUTES,
    offices,
    suppressBelow,
  };
}
