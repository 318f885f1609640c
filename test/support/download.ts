/** Opening a download link as its page does (bot/http/downloads.ts): the token from the fragment, POSTed. */

/** The token a download link carries in its fragment (`…/api/export#t=<token>`). */
export function linkToken(link: string): string {
  return new URLSearchParams(new URL(link).hash.slice(1)).get('t') ?? '';
}

/** POSTs the link's token to the link's path (on `base`, e.g. the local server, when given), as the page does. */
export function openDownload(link: string, base?: string): Promise<Response> {
  const url = new URL(link);
  return fetch(`${(base ?? url.origin).replace(/\/+$/, '')}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ t: linkToken(link) }),
  });
}

/** Download links in some text (a card, the requests sent to Teams). */
export const DOWNLOAD_LINKS = /https?:\/\/[^)"\\\s#]*\/api\/export#t=[A-Za-z0-9_-]+/g;
