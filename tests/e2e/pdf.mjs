// Reading the PDFs chromium prints, for the print tests: each page's size and text, through
// pdfjs-dist's legacy build (the one meant for Node; no canvas, no worker thread needed).

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A4 in PostScript points (1/72 in): 210 × 297 mm. */
export const A4 = { short: (210 / 25.4) * 72, long: (297 / 25.4) * 72 };

/**
 * The pages of the PDF in `bytes` (a Buffer or Uint8Array): `[{ width, height, items, text }]`
 * in points, with `items` the page's text runs in drawing order and `text` all of them joined
 * with every white space removed (a run may end where a line wraps, so a search is made on
 * the joined text rather than on one run).
 */
export async function readPdf(bytes) {
  const doc = await getDocument({
    data: new Uint8Array(bytes),
    // Text only: no fonts are loaded or rendered, nothing is fetched, no eval.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: true,
    verbosity: 0,
  }).promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      const rotated = page.rotate % 180 !== 0;
      const content = await page.getTextContent();
      const items = content.items.filter((i) => 'str' in i).map((i) => i.str);
      pages.push({
        width: rotated ? y1 - y0 : x1 - x0,
        height: rotated ? x1 - x0 : y1 - y0,
        items,
        text: items.join('').replace(/\s+/gu, ''),
      });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Whether `page` is A4 portrait (`landscape` false) or A4 landscape, within half a point. */
export function isA4(page, landscape = false) {
  const [w, h] = landscape ? [A4.long, A4.short] : [A4.short, A4.long];
  return Math.abs(page.width - w) < 0.5 && Math.abs(page.height - h) < 0.5;
}
