/**
 * Flesch–Kincaid grade level (Kincaid et al., 1975): 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
 * Syllables are counted by the usual English heuristic (groups of vowels, a silent final "e", at least one per
 * word); it is an estimate, as every readability formula is. For the plain-language check of youth-facing text.
 */

/** Syllables of one English word (heuristic). */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 0);
}

/** The words of a text (letters, apostrophes inside). */
export function words(text: string): string[] {
  return text.match(/[A-Za-z]+(?:['’][A-Za-z]+)*/g) ?? [];
}

/** Sentences: ends at . ! ? or a line end; each given string counts as at least one sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

/** The Flesch–Kincaid grade level of the texts (each text ends a sentence). */
export function fleschKincaidGrade(texts: string[]): number {
  const all = texts.flatMap(sentences);
  const ws = all.flatMap(words);
  if (ws.length === 0) return 0;
  const syl = ws.reduce((n, w) => n + syllables(w), 0);
  return 0.39 * (ws.length / all.length) + 11.8 * (syl / ws.length) - 15.59;
}
