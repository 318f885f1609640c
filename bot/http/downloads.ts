import type restify from 'restify';
import { caseFileDocx } from '../export/case-file.js';
import type { Logger } from '../log.js';
import type { BarrierRegister } from '../roundtable/barrier-register.js';
import type { CaseFileExport } from '../roundtable/export.js';
import { failureStatus } from '../roundtable/outcome.js';
import type { RecordAccess } from '../roundtable/permissions.js';
import type { DownloadLink } from '../roundtable/records.js';
import type { Roundtable } from '../roundtable/types.js';
import { errorName } from '../teams/publisher.js';

export interface DownloadDeps {
  exports: CaseFileExport;
  barriers: BarrierRegister;
  log: Logger;
  /** The access log: every served download is recorded (kind `export`) before a byte of it is sent. */
  recordAccess?: RecordAccess;
}

/** The path of download links; the token rides in the query string, which the request log leaves out. */
export const DOWNLOAD_PATH = '/api/export';

function fileName(alias: string, ext: string): string {
  const safe = alias.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `roundtable-${safe}.${ext}`;
}

/** The route name downloads are recorded under. */
const DOWNLOAD_ROUTE = `GET ${DOWNLOAD_PATH}`;

/** Records the download about to be served; false (answered 503 "try again") when it could not be. */
async function recorded(
  deps: DownloadDeps,
  res: restify.Response,
  link: DownloadLink,
  rt?: Pick<Roundtable, 'id' | 'caseAlias' | 'chat'>,
): Promise<boolean> {
  if (!deps.recordAccess) return true;
  const tenantId = link.tenantId ?? rt?.chat.tenantId;
  const unrecorded = await deps.recordAccess({
    actorId: link.personId,
    ...(tenantId ? { tenantId } : {}),
    route: DOWNLOAD_ROUTE,
    ...(rt ? { roundtableId: rt.id, caseAlias: rt.caseAlias } : {}),
    allowed: true,
  });
  if (!unrecorded) return true;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.writeHead(503);
  res.end(unrecorded.message);
  return false;
}

/** GET /api/export?t=<token>: a single-use, expiring link to a case file (.docx) or the barrier register (.csv). */
export function registerDownloads(server: restify.Server, deps: DownloadDeps): void {
  server.get(DOWNLOAD_PATH, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-content-type-options', 'nosniff');
    const token = new URL(req.url ?? '', 'http://x').searchParams.get('t');
    const link = await deps.exports.redeem(token);
    if (!link.ok) {
      const status = link.failure.code === 'closed' ? 410 : failureStatus(link.failure.code);
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.writeHead(status);
      res.end(link.failure.message);
      deps.log.info({ event: 'download.refused', code: link.failure.code }, 'download refused');
      return;
    }
    try {
      let body: Buffer;
      let type: string;
      let name: string;
      if (link.value.kind === 'barriers-csv') {
        if (!(await recorded(deps, res, link.value))) return;
        body = Buffer.from(await deps.barriers.csv(link.value.tenantId), 'utf8');
        type = 'text/csv; charset=utf-8';
        name = 'systemic-barriers.csv';
      } else {
        const record = link.value.roundtableId
          ? await deps.exports.record(link.value.roundtableId, link.value.personId)
          : undefined;
        if (!record) {
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.writeHead(404);
          res.end('This roundtable no longer exists.');
          return;
        }
        if (!(await recorded(deps, res, link.value, record.roundtable))) return;
        body = await caseFileDocx(record);
        type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
        name = fileName(record.roundtable.caseAlias, 'docx');
      }
      res.setHeader('content-type', type);
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('content-length', String(body.length));
      res.writeHead(200);
      res.end(body);
      deps.log.info(
        { event: 'download.served', kind: link.value.kind, user: link.value.personId },
        'download',
      );
    } catch (err) {
      deps.log.warn({ event: 'download.failed', err: errorName(err) }, 'download failed');
      if (!res.headersSent) {
        res.writeHead(503);
        res.end('The file could not be made right now; ask the bot for a new link.');
      }
    }
  });
}
