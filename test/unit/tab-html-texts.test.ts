/**
 * The tab pages hold no text of their own (#29 item 4): every visible text of tab/src/*.html sits in an element
 * marked `data-i18n="area:key"`, and every placeholder, title and aria-label with words has its
 * `data-i18n-placeholder` / `data-i18n-title` / `data-i18n-aria-label` twin, so that `applyTexts()`
 * (tab/src/i18n.ts) puts the reader's language in. A marked text names a key of locales/en, and the page's own
 * words (what shows before the script runs) are that English text. Words that are not language (a CSV file's column
 * names) sit in an element marked `translate="no"`, as HTML says.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entry } from '../../bot/i18n/text.js';

const TAB_SRC = join(__dirname, '..', '..', 'tab', 'src');
const VOID = new Set(['meta', 'link', 'input', 'br', 'img', 'hr', 'source', 'col', 'wbr', 'area', 'base']);
const WORDS = /\p{L}/u;
const TWINS = {
  placeholder: 'data-i18n-placeholder',
  title: 'data-i18n-title',
  'aria-label': 'data-i18n-aria-label',
};

/** The attributes of a start tag's inside (`id="x" hidden`). */
function attributes(inside: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of inside.matchAll(/([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g))
    out.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The English text of `area:key` (plurals: their `other` form), or undefined. */
function english(key: string): string | undefined {
  const e = entry('en', key);
  return typeof e === 'string' ? e : e?.other;
}

/** What is wrong with one page: unmarked texts and attributes, unknown keys, HTML words that are not English's. */
function unmarkedTexts(html: string): string[] {
  const problems: string[] = [];
  const stack: { tag: string; key?: string; text: string; keep: boolean }[] = [];
  let raw: string | undefined; // inside <script> or <style>
  for (const m of html.matchAll(/<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/gi)) {
    const [, close, name, inside, text] = m;
    if (raw) {
      if (close && name?.toLowerCase() === raw) raw = undefined;
      continue;
    }
    if (text !== undefined) {
      const top = stack.at(-1);
      if (!WORDS.test(text) || top?.keep) continue;
      if (!top?.key)
        problems.push(`text outside a data-i18n element (in <${top?.tag ?? 'document'}>): "${text.trim()}"`);
      else top.text += text;
      continue;
    }
    if (!name) continue; // a comment or the doctype
    const tag = name.toLowerCase();
    if (close) {
      const at = stack.map((s) => s.tag).lastIndexOf(tag);
      if (at < 0) continue;
      for (const done of stack.splice(at)) {
        if (!done.key) continue;
        const want = english(done.key);
        const said = decode(done.text).replace(/\s+/g, ' ');
        if (want === undefined)
          problems.push(`<${done.tag} data-i18n="${done.key}">: no such key in locales/en`);
        else if (said.trim() && said !== want.replace(/\s+/g, ' '))
          problems.push(
            `<${done.tag} data-i18n="${done.key}">: the page says "${said}", locales/en "${want}"`,
          );
      }
      continue;
    }
    const attrs = attributes(inside ?? '');
    for (const [attr, twin] of Object.entries(TWINS)) {
      const value = attrs.get(attr);
      if (value === undefined || !WORDS.test(value)) continue;
      const key = attrs.get(twin);
      if (!key) problems.push(`<${tag} ${attr}="${value}">: no ${twin}`);
      else if (english(key) !== decode(value))
        problems.push(`<${tag} ${attr}="${value}">: locales/en ${key} is "${english(key) ?? '(none)'}"`);
    }
    if (tag === 'script' || tag === 'style') raw = inside?.trim().endsWith('/') ? undefined : tag;
    if (VOID.has(tag) || inside?.trim().endsWith('/')) continue;
    const keep = attrs.get('translate') === 'no' || stack.at(-1)?.keep === true;
    stack.push({ tag, key: attrs.get('data-i18n'), text: '', keep });
  }
  return problems;
}

describe('tab pages: no text outside data-i18n marks (every tab/src/*.html)', () => {
  const pages = readdirSync(TAB_SRC).filter((f) => f.endsWith('.html'));

  it('finds the pages, and catches an unmarked text, attribute, unknown key and a page text not English’s', () => {
    assert.ok(pages.includes('personal.html') && pages.includes('panel.html'), pages.join());
    const found = unmarkedTexts(
      '<html><head><title>Hi</title><style>p{}</style></head><body><p data-i18n="tab:common.save">Save</p>' +
        '<p data-i18n="tab:common.nope">x</p><p data-i18n="tab:common.cancel">Abort</p>' +
        '<button aria-label="Close"></button><input placeholder="Type" data-i18n-placeholder="tab:common.save">' +
        '<script>const words = "not text";</script><p translate="no">case_number, <b>alias</b></p></body></html>',
    );
    assert.equal(found.length, 5, found.join('\n'));
    assert.match(found[0] ?? '', /outside a data-i18n element \(in <title>\): "Hi"/);
    assert.match(found.join('\n'), /tab:common\.nope">: no such key/);
    assert.match(found.join('\n'), /says "Abort", locales\/en "Cancel"/);
    assert.match(found.join('\n'), /aria-label="Close">: no data-i18n-aria-label/);
    assert.match(found.join('\n'), /placeholder="Type">: locales\/en tab:common\.save is "Save"/);
  });

  for (const page of readdirSync(TAB_SRC).filter((f) => f.endsWith('.html')))
    it(`${page}: every visible text and labelling attribute is marked`, () => {
      assert.deepEqual(unmarkedTexts(readFileSync(join(TAB_SRC, page), 'utf8')), []);
    });
});
