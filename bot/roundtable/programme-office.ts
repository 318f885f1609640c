import { fail, type Outcome, ok } from './outcome.js';

/**
 * `start <alias> office <name>`: the optional office or region a roundtable belongs to (the programme
 * view filters by it), chosen from the agency's configured list (OFFICES).
 */
export function splitOffice(raw: string, offices: string[]): Outcome<{ alias: string; office?: string }> {
  const m = /^(.*?)\s+office\s+(.+)$/i.exec(raw.trim());
  if (!m) return ok({ alias: raw });
  const wanted = (m[2] as string).trim().replace(/\s+/g, ' ').toLowerCase();
  if (offices.length === 0)
    return fail('invalid', 'No offices are configured for this agency (OFFICES); start without `office`.');
  const office = offices.find((o) => o.toLowerCase() === wanted);
  if (!office) return fail('invalid', `Choose the office from: ${offices.join(', ')}.`);
  return ok({ alias: m[1] as string, office });
}
