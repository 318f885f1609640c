/**
 * A notice as short lines for a card: paragraphs apart, and a list the bot writes as "Missing before you end:
 * a; b; c." shown one item a line (a run-on paragraph of ten items is unreadable in a meeting).
 */
const LIST_HEAD = /^(.*?)(Missing before you end:)\s*(.+?)\.(\s+[A-Z].*)?$/s;

/** The lines of a notice, in order; a list's items start with "• ". */
export function noticeLines(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((paragraph) => {
      const m = LIST_HEAD.exec(paragraph.trim());
      if (!m) return [paragraph.trim()];
      const [, before = '', head = '', list = '', rest = ''] = m;
      // Items are "Label: detail", a label starting with a capital; a detail's own "; " stays in its line.
      const items = list.split(/; (?=[A-Z])/).map((item) => `• ${item.trim()}`);
      return [before.trim(), head, ...items, rest.trim()];
    })
    .filter((line) => line.length > 0);
}
