/**
 * The family handout as a PDF (pdfkit, the standard Helvetica fonts: Latin letters with accents, so English and
 * Spanish): the same model as the HTML page, Letter size, large type, one or two pages.
 */
import PDFDocument from 'pdfkit';
import type { HandoutModel } from './handout-model.js';

const INK = '#1a1a1a';
const SOFT = '#3d3d3d';
const DRAFT_FILL = '#fff4ce';
const DRAFT_LINE = '#8a6d00';
const RULE = '#9a9a9a';
const MARGIN = 54;

/** Renders the handout; `compress: false` keeps the content streams readable (tests). */
export function handoutPdf(m: HandoutModel, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN - 6, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: opts.compress ?? true,
    lang: m.lang,
    displayTitle: true,
    info: { Title: m.title, Subject: m.subtitle },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN * 2;
  const room = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string) => {
    room(70);
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(18).fillColor(INK).text(text, MARGIN, doc.y, { width });
    const y = doc.y + 3;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(1)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + 8;
  };
  const para = (text: string | undefined, size = 13, color = INK, font = 'Helvetica') => {
    if (!text) return;
    doc.font(font).fontSize(size).fillColor(color).text(text, MARGIN, doc.y, { width, lineGap: 2 });
    doc.moveDown(0.35);
  };

  if (m.practice) para(m.practice.toUpperCase(), 13, INK, 'Helvetica-Bold');
  // The draft banner: a box the eye cannot miss.
  if (m.draft) {
    doc.font('Helvetica-Bold').fontSize(15);
    const labelH = doc.heightOfString(m.draft.label, { width: width - 24 });
    doc.font('Helvetica').fontSize(12);
    const noteH = doc.heightOfString(m.draft.note, { width: width - 24, lineGap: 2 });
    const top = doc.y;
    const h = labelH + noteH + 26;
    doc.rect(MARGIN, top, width, h).lineWidth(2).fillAndStroke(DRAFT_FILL, DRAFT_LINE);
    doc
      .font('Helvetica-Bold')
      .fontSize(15)
      .fillColor(INK)
      .text(m.draft.label, MARGIN + 12, top + 10, { width: width - 24 });
    doc
      .font('Helvetica')
      .fontSize(12)
      .fillColor(INK)
      .text(m.draft.note, MARGIN + 12, doc.y + 4, { width: width - 24, lineGap: 2 });
    doc.y = top + h + 14;
  }
  doc.font('Helvetica-Bold').fontSize(24).fillColor(INK).text(m.title, MARGIN, doc.y, { width });
  para(m.subtitle, 15, SOFT);
  para(m.reviewed, 12, SOFT);

  heading(m.goalsHeading);
  for (const g of m.goals) {
    room(50);
    para(g.label, 12, SOFT, 'Helvetica-Bold');
    para(g.text, 15, INK, 'Helvetica-Bold');
  }
  para(m.goalBackupNote, 12, SOFT);

  heading(m.stepsHeading);
  para(m.stepsNote, 12, SOFT, 'Helvetica-Oblique');
  para(m.stepsNone, 13);
  m.steps.forEach((s, i) => {
    const text = `${s.text}${s.done ? ` (${m.labels.done})` : ''}`;
    doc.font('Helvetica-Bold').fontSize(13).fillColor(INK);
    const need = doc.heightOfString(text, { width: width - 26 }) + (s.helper ? 52 : 36);
    room(need);
    const top = doc.y;
    doc.text(`${i + 1}.`, MARGIN, top, { width: 22 });
    doc.text(text, MARGIN + 26, top, { width: width - 26, lineGap: 2 });
    doc
      .font('Helvetica')
      .fontSize(12)
      .fillColor(SOFT)
      .text(`${m.labels.who}: ${s.who}     ${m.labels.when}: ${s.when}`, MARGIN + 26, doc.y + 2, {
        width: width - 26,
      });
    if (s.helper) doc.text(s.helper, MARGIN + 26, doc.y + 1, { width: width - 26 });
    doc.fillColor(INK);
    doc.y += 6;
  });

  heading(m.callHeading);
  para(m.callNote, 12, SOFT);
  for (const c of m.contacts) {
    // The whole line on one page (a long agency line wraps).
    doc.font('Helvetica').fontSize(13);
    room(doc.heightOfString(`•  ${c}`, { width, lineGap: 2 }) + 4);
    para(`•  ${c}`, 13);
  }

  // Footer on every page: the date printed and the page number.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 44;
    doc.font('Helvetica').fontSize(10).fillColor(SOFT);
    doc.text(m.printed, MARGIN, y, { width: width / 2, lineBreak: false });
    doc.text(m.page.replace('{n}', String(i + 1 - range.start)), MARGIN + width / 2, y, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
