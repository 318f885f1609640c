/**
 * The family handout in Debian's Chromium, against the real running bot, with a test page playing the Teams host
 * (see /work/shared/TEAMS-HOST.md): from My roundtables → My reviews → "Family handout", the print page in English
 * and in Spanish, the print view (only the sheet), "Download PDF", and the PDF's first page drawn by pdfjs-dist
 * (Mozilla's PDF reader) in the browser. axe-core finds no serious or critical violation (WCAG AA contrast).
 * Screenshots: docs/handout-en.png, docs/handout-es.png, docs/handout-pdf-en.png, docs/handout-pdf-es.png
 * (UPDATE_SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { FrameLocator, Page } from 'playwright-core';
import { people } from '../support/activities.js';
import { handoutRoundtable, PLAN } from '../support/handout-world.js';
import { Harness } from '../support/harness.js';
import { seedPeople } from '../support/personal-world.js';
import { type BrowserHandle, findChromium, launchBrowser } from '../support/playground.js';
import { screenshotDir } from '../support/screenshots.js';
import { openHostedTab } from '../support/tab-host-page.js';
import { TabSsoRig } from '../support/tab-sso.js';

const SIZE = { width: 1000, height: 1500 };
const CONTACT = 'Riverside Children’s Services, (555) 010-0100, Monday to Friday 8 to 5';
const PDFJS = join(process.cwd(), 'node_modules', 'pdfjs-dist');
const { caseworker: cw } = people;

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A page that draws a PDF's first page with pdfjs-dist (served from node_modules, no network). */
async function drawPdf(browser: BrowserHandle, pdf: Buffer): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 940, height: 1240 });
  const files: Record<string, [string, string | Buffer]> = {
    '/': [
      'text/html',
      `<!doctype html><html lang="en"><head><title>PDF</title><style>body{margin:0;background:#e6e6e6}canvas{display:block;margin:10px auto;box-shadow:0 1px 6px #0004}</style></head><body><canvas id="page" role="img" aria-label="The handout PDF, page 1"></canvas><script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
const doc = await pdfjs.getDocument({ url: '/handout.pdf', standardFontDataUrl: '/standard_fonts/' }).promise;
const p = await doc.getPage(1);
const viewport = p.getViewport({ scale: 1.5 });
const canvas = document.getElementById('page');
canvas.width = viewport.width; canvas.height = viewport.height;
await p.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
document.body.dataset.drawn = 'yes';
</script></body></html>`,
    ],
    '/pdf.mjs': ['text/javascript', readFileSync(join(PDFJS, 'legacy/build/pdf.mjs'))],
    '/pdf.worker.mjs': ['text/javascript', readFileSync(join(PDFJS, 'legacy/build/pdf.worker.mjs'))],
    '/handout.pdf': ['application/pdf', pdf],
  };
  await page.route('https://pdf.viewer.test/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.startsWith('/standard_fonts/')) {
      const name = path.slice('/standard_fonts/'.length).replace(/[^A-Za-z0-9._-]/g, '');
      return route.fulfill({
        contentType: 'application/octet-stream',
        body: readFileSync(join(PDFJS, 'standard_fonts', name)),
      });
    }
    const file = files[path];
    if (!file) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: file[0], body: file[1] });
  });
  await page.goto('https://pdf.viewer.test/');
  await page.locator('body[data-drawn="yes"]').waitFor({ timeout: 30_000 });
  return page;
}

describe('family handout in Chromium (teams-js host page, real bot): print page, languages, PDF', function () {
  this.timeout(180_000);
  const chromiumPath = findChromium();
  let rig: TabSsoRig;
  let h: Harness;
  let browser: BrowserHandle;

  before(async function () {
    if (!chromiumPath) this.skip();
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: {
        ...rig.tabEnv(),
        FAMILY_HANDOUT_CONTACT: CONTACT,
      },
    });
    await seedPeople(h);
    await handoutRoundtable(h);
    browser = await launchBrowser(chromiumPath!);
  });
  after(async () => {
    await browser?.close();
    await h?.close();
    await rig?.close();
  });

  /** My roundtables → My reviews → "Family handout" of the plan. */
  async function openHandout(locale?: string): Promise<{ page: Page; frame: FrameLocator }> {
    const { page, frame } = await openHostedTab(browser, h.app.url, SIZE, {
      path: '/tab/personal.html',
      title: 'My roundtables',
      person: cw,
      tokens: [await rig.token(cw)],
      theme: 'default',
      entityId: 'my-roundtables',
      locale,
    });
    await frame.locator('main[aria-busy="false"]').waitFor();
    await frame.locator('#tab-reviews').click();
    const link = locale?.startsWith('es') ? 'Hoja para la familia: K.W.' : 'Family handout: K.W.';
    await frame.getByRole('link', { name: link }).click();
    await frame.locator('article.handout').waitFor();
    await frame.locator('main[aria-busy="false"]').waitFor();
    return { page, frame };
  }

  it('the print page in English, then Spanish: goals, steps with owner and date, who to call; axe clean', async () => {
    const { page, frame } = await openHandout();
    const sheet = frame.locator('#sheet');
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; we want the rendered text
    const en = await sheet.innerText();
    assert.match(en, /Draft for our family team meeting/);
    assert.match(en, /Returning home to your family/);
    for (const s of PLAN.steps) assert.ok(en.includes(s.text), s.text);
    assert.match(en, /Carlos \(caseworker\)/);
    assert.match(en, /January 20, 2027/);
    assert.ok(en.includes(`Agency: ${CONTACT}`));
    assert.deepEqual(await axe(page), []);
    await sheet.screenshot({ path: join(screenshotDir(), 'handout-en.png') });

    await frame.locator('#lang').selectOption('es');
    await frame.locator('article.handout[lang="es"]').waitFor();
    // The caseworker says the school step in the family's words, in Spanish (keyboard: Save with Enter).
    const wording = 'Pedir a la escuela un pase de autobús para que K. siga en su escuela';
    const school = () => frame.locator('#wording li', { hasText: PLAN.steps[0].text });
    await school().locator('textarea').fill(wording);
    await school().getByRole('button', { name: 'Save' }).press('Enter');
    await frame.locator('article.handout', { hasText: wording }).waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; we want the rendered text
    const es = await sheet.innerText();
    assert.match(es, /Borrador para nuestra reunión del equipo familiar/);
    assert.match(es, /Volver a casa con su familia/);
    assert.match(es, /Carlos \(trabajador social\)/);
    assert.match(es, /20 de enero de 2027/);
    assert.ok(
      es.includes(wording) && !es.includes(PLAN.steps[0].text),
      'the family wording replaces the team’s words',
    );
    assert.deepEqual(await axe(page), []);
    await sheet.screenshot({ path: join(screenshotDir(), 'handout-es.png') });
    // Cleared again: the team's words are printed (the other test reads the plan as seeded).
    await school().locator('textarea').fill('');
    await school().getByRole('button', { name: 'Save' }).press('Enter');
    await frame.locator('article.handout', { hasText: PLAN.steps[0].text }).waitFor();
    await page.close();
  });

  it('printing shows the sheet only; "Download PDF" saves the PDF, whose first page a PDF reader draws', async () => {
    const { page, frame } = await openHandout();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await frame.locator('.toolbar').isVisible(), false);
    assert.equal(await frame.locator('article.handout').isVisible(), true);
    await page.emulateMedia({ media: 'screen' });
    const pdfs: Buffer[] = [];
    for (const lang of ['en', 'es']) {
      if (lang !== 'en') {
        await frame.locator('#lang').selectOption(lang);
        await frame.locator(`article.handout[lang="${lang}"]`).waitFor();
      }
      const [download] = await Promise.all([page.waitForEvent('download'), frame.locator('#pdf').click()]);
      assert.equal(download.suggestedFilename(), `family-plan-K.W.-${lang}.pdf`);
      const pdf = readFileSync(await download.path());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      pdfs.push(pdf);
    }
    await page.close();
    for (const [i, lang] of ['en', 'es'].entries()) {
      const viewer = await drawPdf(browser, pdfs[i]!);
      await viewer.locator('#page').screenshot({ path: join(screenshotDir(), `handout-pdf-${lang}.png`) });
      await viewer.close();
    }
  });

  it('Teams in Spanish (es-MX): the page and the handout open in Spanish without choosing; axe clean', async () => {
    const { page, frame } = await openHandout('es-MX');
    await frame.locator('article.handout[lang="es"]').waitFor();
    assert.equal(await frame.locator('html').getAttribute('lang'), 'es');
    assert.equal(await frame.locator('#lang').inputValue(), 'es');
    assert.equal(await frame.locator('#print').textContent(), 'Imprimir');
    assert.equal(await frame.locator('label[for="lang"]').textContent(), 'Idioma de la familia');
    assert.match(
      (await frame.locator('#wording-title').textContent()) ?? '',
      /^Los pasos en las palabras de la familia/,
    );
    assert.deepEqual(await axe(page), []);
    await page.close();
  });
});
