/**
 * The coordinator's queue API ("Roundtables due" in the personal app): rows of the tab route table behind the
 * `coordinator` guard (Teams SSO, COORDINATOR_IDS, the caller's own tenant). The extract is parsed in the browser
 * (CSV) and arrives as JSON rows; it is stored per tenant, never posted in a chat, and logged by counts only.
 */
import {
  EXTRACT_COLUMNS,
  meetingLink,
  readExtract,
  roundtablesDue,
  weekCapacity,
} from '../roundtable/roundtable-queue.js';
import { type AnyTabRoute, type QueueDeps, tabRoute } from './tab-route-types.js';

const DAY = 86_400_000;

/** The tenant's extract, unless its retention ran out (then it is deleted now). */
async function currentExtract(queue: QueueDeps, tenantId: string) {
  const found = await queue.extracts.getExtract(tenantId);
  // The daily retention pass deletes it too; this keeps an expired one from being shown before that pass runs.
  if (found?.deleteAfter && found.deleteAfter <= queue.now().toISOString()) {
    await queue.extracts.deleteExtract(tenantId);
    return undefined;
  }
  return found;
}

/** Tomorrow at 14:00 UTC for two hours: where Teams' scheduling form opens (the coordinator picks the slot). */
function slot(now: Date): { startTime: string; endTime: string } {
  const start = new Date(`${new Date(now.getTime() + DAY).toISOString().slice(0, 10)}T14:00:00Z`);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 2 * 3_600_000).toISOString() };
}

/** The queue routes (one line in TAB_ROUTES). */
export const TAB_QUEUE_ROUTES: readonly AnyTabRoute[] = [
  tabRoute({
    method: 'get',
    path: '/api/tab/queue',
    where: 'personal',
    guard: 'coordinator',
    rule: "the coordinator's own tenant's extract and roundtables; nothing of it reaches a chat",
    async handle({ res, grant }) {
      const { queue, tenantId } = grant;
      const now = queue.now();
      const [extract, roundtables] = await Promise.all([
        currentExtract(queue, tenantId),
        queue.roundtables(tenantId),
      ]);
      const due = extract ? roundtablesDue(extract.children, roundtables, queue.rules, now) : { offices: [] };
      const times = slot(now);
      res.send(200, {
        columns: EXTRACT_COLUMNS,
        rules: queue.rules,
        extract: extract
          ? {
              uploadedAt: extract.uploadedAt,
              deleteAfter: extract.deleteAfter,
              children: extract.children.length,
            }
          : null,
        offices: due.offices.map((o) => ({
          office: o.office,
          children: o.children.map((c) => ({
            ...c,
            scheduleUrl: meetingLink({ subject: c.alias, attendees: [], ...times }),
          })),
        })),
        capacity: weekCapacity(
          roundtables.map((r) => r.roundtable),
          now,
        ),
      });
    },
  }),
  tabRoute({
    method: 'post',
    path: '/api/tab/queue/extract',
    where: 'personal',
    guard: 'coordinator',
    rule: 'replaces the tenant’s extract; a malformed or oversize one is refused and nothing is stored',
    async handle({ req, res, app, grant }) {
      const { queue, tenantId, who } = grant;
      const read = readExtract((req.body as { rows?: unknown } | undefined)?.rows);
      if (!read.ok) {
        app.log.info({ event: 'queue.extract.refused' }, 'extract refused');
        res.send(400, { error: read.failure.message });
        return;
      }
      const now = queue.now();
      const deleteAfter =
        queue.retentionDays > 0
          ? new Date(now.getTime() + queue.retentionDays * DAY).toISOString()
          : undefined;
      await queue.extracts.putExtract({
        tenantId,
        children: read.value,
        uploadedBy: who.oid,
        uploadedAt: now.toISOString(),
        ...(deleteAfter ? { deleteAfter } : {}),
      });
      app.log.info({ event: 'queue.extract.stored', rows: read.value.length }, 'extract stored');
      res.send(200, { children: read.value.length, ...(deleteAfter ? { deleteAfter } : {}) });
    },
  }),
];
