/** The text of a PDF as a reader sees it (pdfjs-dist, Mozilla's PDF reader, in Node): every page, in order. */
export async function pdfText(data: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), isEvalSupported: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: pages.join(' ').replace(/\s+/g, ' ') };
}
