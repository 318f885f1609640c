/** The access log API's answer as the officer's page reads it (the server checks its answer against these types). */

/** One entry as the page shows it: ids, the route, the alias and the outcome; never content. */
export interface TabAccessEntry {
  id: string;
  at: string;
  actorId: string;
  route: string;
  kind: 'read' | 'change' | 'export' | 'delete' | 'role' | 'refusal';
  roundtableId?: string;
  caseAlias?: string;
  outcome: 'allowed' | 'refused';
  code?: string;
}

/** GET /api/tab/access-log: one page, newest first, of the officer's own tenant. */
export interface TabAccessLogPage {
  tenantId: string;
  query: { from: string; to: string; caseAlias?: string; actorId?: string; refusedOnly?: boolean };
  entries: TabAccessEntry[];
  /** Asks for the next (older) page: `&after=<continuation>`. */
  continuation?: string;
  /** The longest period one query may span, in days. */
  maxDays: number;
}
