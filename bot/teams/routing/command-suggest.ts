/** "Did you mean …?": the nearest command (the route rows' words) to a typo, by edit distance. */

/** Edit distance with transpositions (optimal string alignment) between two short strings. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The command closest to what was typed (a typo of one or two letters), or undefined. */
export function suggestCommand(typed: string, commands: readonly string[]): string | undefined {
  const words = typed.trim().toLowerCase().split(/\s+/).slice(0, 3);
  if (!words[0] || words[0].length > 20) return undefined;
  let best: { command: string; distance: number } | undefined;
  for (const command of new Set(commands)) {
    const n = command.split(' ').length;
    const said = words.slice(0, n).join(' ');
    const distance = editDistance(said, command);
    const allowed = command.length <= 4 ? 1 : 2;
    if (distance > 0 && distance <= allowed && (!best || distance < best.distance))
      best = { command, distance };
  }
  return best?.command;
}
