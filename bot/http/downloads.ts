import type restify from 'restify';
import { errorName } from '../error-name.js';
import { caseFileDocx } from '../export/case-file.js';
import { planFile } from '../export/plan-download.js';
import { bulkFile } from '../export/plans-bulk.js';
import { handoutPdfFile } from '../handout/handout-file.js';
import type { Logger } from '../log.js';
import { barrierCsv } from '../roundtable/barrier-register.js';
import type { DomainContext } from '../roundtable/context.js';
import type { CaseFileExport } from '../roundtable/export.js';
import { failureStatus } from '../roundtable/outcome.js';
import type { RecordAccess } from '../roundtable/permissions.js';
import type { DownloadLink } from '../roundtable/records.js';
import type { Roundtable } from '../roundtable/types.js';

export interface DownloadDeps {
  exports: CaseFileExport;
  /** The domain context (the barrier register's CSV). */
  domain: DomainContext;
  log: Logger;
  /** The access log: every served download is recorded (kind `export`) before a byte of it is sent. */
  recordAccess?: RecordAccess;
  /** The agency's re-disclosure notice printed at the top of every case file (CASE_FILE_NOTICE). */
  caseFileNotice?: string;
  /** Display names beside Entra object ids in plan exports (the agency allows them; default: ids only). */
  exportNames?: boolean;
  /** The agency's line on the family handout (FAMILY_HANDOUT_CONTACT). */
  handoutContact?: string;
}

/**
 * The path of download links. The token rides in the link's FRAGMENT (`/api/export#t=<token>`), which a browser
 * never sends: no request log, App Service log, proxy or Application Insights agent ever sees it. The page at
 * that path reads it and POSTs it (JSON body, never recorded) to the same path, which answers with the file.
 */
export const DOWNLOAD_PATH = '/api/export';
/** The page's script (same origin; the page's CSP allows nothing else). */
export const DOWNLOAD_SCRIPT_PATH = '/api/export/download.js';

/** The download link for a token: the token in the fragment only. */
export function downloadLinkFor(publicUrl: string, token: string): string {
  return `${publicUrl}${DOWNLOAD_PATH}#t=${token}`;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Download</title>
<script src="${DOWNLOAD_SCRIPT_PATH}" defer></script></head>
<body><p id="status">Preparing your download…</p></body></html>`;

/** Reads the token from the fragment, forgets it in the address bar, POSTs it, saves the answer as a file. */
const SCRIPT = `(async () => {
  const status = document.getElementById('status');
  const t = new URLSearchParams(location.hash.slice(1)).get('t') || '';
  history.replaceState(null, '', location.pathname);
  const res = await fetch(location.pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ t }),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!res.ok) { status.textContent = await res.text(); return; }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')?.[1] || 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url; a.download = name; document.body.append(a); a.click();
  status.textContent = 'Your download has started. This link works once; close this page.';
})();`;

function noStore(res: restify.Response): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
}

function fileName(alias: string, ext: string): string {
  const safe = alias.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
  return `roundtable-${safe}.${ext}`;
}

/** The route name downloads are recorded under. */
const DOWNLOAD_ROUTE = `POST ${DOWNLOAD_PATH}`;

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

/**
 * GET /api/export: the page that reads the token from the link's fragment; POST /api/export `{ "t": <token> }`: a
 * single-use, expiring link redeemed for a case file (.docx) or the barrier register (.csv).
 */
export function registerDownloads(server: restify.Server, deps: DownloadDeps): void {
  server.get(DOWNLOAD_PATH, (_req, res, next) => {
    noStore(res);
    res.setHeader('content-security-policy', "default-src 'none'; script-src 'self'; connect-src 'self'");
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.writeHead(200);
    res.end(PAGE);
    return next();
  });
  server.get(DOWNLOAD_SCRIPT_PATH, (_req, res, next) => {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.writeHead(200);
    res.end(SCRIPT);
    return next();
  });
  server.post(DOWNLOAD_PATH, async (req, res) => {
    noStore(res);
    const token = (req.body as { t?: unknown } | undefined)?.t;
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
      const kind = link.value.kind;
      if (kind === 'plan-json' || kind === 'plans-ndjson' || kind === 'plans-csv') {
        if (!(await recorded(deps, res, link.value))) return;
        const names = { names: deps.exportNames === true };
        const file =
          kind === 'plan-json'
            ? await planFile(deps.exports, link.value, names)
            : await bulkFile(deps.exports, link.value, names);
        if (!file.ok) {
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.writeHead(file.status);
          res.end(file.message);
          if (file.event) deps.log.warn({ event: file.event, errors: file.errors }, 'export refused');
          return;
        }
        ({ body, type, name } = file);
      } else if (link.value.kind === 'barriers-csv') {
        if (!(await recorded(deps, res, link.value))) return;
        body = Buffer.from(await barrierCsv(deps.domain, link.value.tenantId), 'utf8');
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
        if (kind === 'handout-pdf') {
          ({ body, type, name } = await handoutPdfFile(record.held, link.value.lang, {
            ...(deps.handoutContact ? { contactLine: deps.handoutContact } : {}),
            today: record.exportedAt.slice(0, 10),
          }));
        } else {
          body = await caseFileDocx(record, deps.caseFileNotice ? { notice: deps.caseFileNotice } : {});
          type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
          name = fileName(record.roundtable.caseAlias, 'docx');
        }
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
