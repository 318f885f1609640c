/** The family handout of a roundtable's record in a language: its model, and its PDF as a file to serve. */
import type { RoundtableRecord } from '../roundtable/roundtable-record.js';
import { handoutStrings, pickLanguage } from './handout-locale.js';
import { familyView, type HandoutModel, handoutFileName, handoutModel } from './handout-model.js';
import { handoutPdf } from './handout-pdf.js';

/** Where the handout is made: the agency's contact line (FAMILY_HANDOUT_CONTACT) and today (YYYY-MM-DD). */
export interface HandoutOptions {
  contactLine?: string;
  today: string;
}

/** The handout of a record in the language asked for (a known language, else English). */
export function handoutOf(record: RoundtableRecord, asked: unknown, opts: HandoutOptions): HandoutModel {
  const lang = pickLanguage(asked);
  return handoutModel(familyView(record), handoutStrings(lang), lang, {
    ...(opts.contactLine ? { contactLine: opts.contactLine } : {}),
    today: opts.today,
  });
}

/** The handout as a PDF file (name: the alias and the language). */
export async function handoutPdfFile(
  record: RoundtableRecord,
  asked: unknown,
  opts: HandoutOptions,
): Promise<{ body: Buffer; type: string; name: string }> {
  const model = handoutOf(record, asked, opts);
  return {
    body: await handoutPdf(model),
    type: 'application/pdf',
    name: handoutFileName(record.roundtable.caseAlias, model.lang, 'pdf'),
  };
}
