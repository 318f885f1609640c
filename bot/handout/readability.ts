/**
 * Readability formulas for the handout's fixed text (test/unit/handout-locales.test.ts checks the targets):
 * Flesch-Kincaid grade level for English, Szigriszt-Pazos perspicuity (INFLESZ scale) for Spanish. Syllables are
 * counted by rule (vowel groups), as the formulas' own authors did by hand; good enough for short plain text.
 */

/** English syllables of one word: vowel groups, less a silent final e, at least one. */
export function englishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (!w) return 0;
  if (w.length <= 3) return 1;
  const trimmed = w
    .replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m.slice(0, 1))
    .replace(/^y/, '');
  return Math.max(1, (trimmed.match(/[aeiouy]+/g) ?? []).length);
}

const STRONG = /[aeoáéíóú]/;
/** Spanish syllables of one word: vowel groups, split where two strong (or accented weak) vowels meet (hiatus). */
export function spanishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, '');
  if (!w) return 0;
  let count = 0;
  for (const group of w.replace(/y$/, 'i').match(/[aeiouáéíóúü]+/g) ?? []) {
    count += 1;
    for (let i = 1; i < group.length; i++)
      if (STRONG.test(group[i - 1] ?? '') && STRONG.test(group[i] ?? '')) count += 1;
  }
  return Math.max(1, count);
}

/** Sentences and words of a text: sentences end at . ! ? (or at the end of the text). */
export function sentencesOf(text: string): string[][] {
  return text
    .split(/[.!?]+(?:\s|$)/)
    .map((s) => s.split(/\s+/).filter((w) => /[A-Za-zÀ-ÿ]/.test(w)))
    .filter((s) => s.length > 0);
}

function counts(texts: string[], syllables: (w: string) => number) {
  const sentences = texts.flatMap(sentencesOf);
  const words = sentences.flat();
  return {
    sentences: sentences.length,
    words: words.length,
    syllables: words.reduce((n, w) => n + syllables(w), 0),
  };
}

/** Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59. */
export function fleschKincaidGrade(texts: string[]): number {
  const c = counts(texts, englishSyllables);
  return 0.39 * (c.words / c.sentences) + 11.8 * (c.syllables / c.words) - 15.59;
}

/** Szigriszt-Pazos perspicuity: 206.835 − 62.3 × syllables per word − words per sentence (65–80: fairly easy). */
export function szigrisztPazos(texts: string[]): number {
  const c = counts(texts, spanishSyllables);
  return 206.835 - (62.3 * c.syllables) / c.words - c.words / c.sentences;
}
