/** The tab's static pages (/tab/*), served from the folder the tab bundle was built into. */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type restify from 'restify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only our own scripts; framed only by Teams and Microsoft 365 hosts. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  'frame-ancestors teams.microsoft.com *.teams.microsoft.com *.teams.microsoft.us *.skype.com *.office.com *.microsoft365.com *.cloud.microsoft',
].join('; ');

/** Registers GET /tab/* : the files of `dist` (flat names only), with the tab's CSP. */
export function registerTabPages(server: restify.Server, dist: string): void {
  server.get('/tab/*', async (req, res) => {
    const name = req.getPath().slice('/tab/'.length) || 'panel.html';
    const type = CONTENT_TYPES[extname(name)];
    if (!/^[a-z0-9-]+\.(html|js|css|svg)$/.test(name) || !type) {
      res.send(404, { error: 'Not found' });
      return;
    }
    try {
      const body = await readFile(join(dist, name));
      res.writeHead(200, {
        'content-type': type,
        'cache-control': name.endsWith('.html') ? 'no-cache' : 'public, max-age=300',
        'x-content-type-options': 'nosniff',
        'content-security-policy': CSP,
      });
      res.end(body);
    } catch {
      res.send(404, { error: 'Not found' });
    }
  });
}
