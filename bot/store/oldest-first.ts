/**
 * Oldest first by an ISO timestamp field, then by id: how the stores list contributions and invitations. The
 * timestamps share one format (toISOString), so comparing them as text is comparing times, without the locale-aware
 * comparison a click paid for every pair of a 400-idea list (#28); ties keep the id order they always had.
 */
export function oldestFirst<K extends string>(key: K) {
  return (a: { [k in K]: string } & { id: string }, b: { [k in K]: string } & { id: string }): number => {
    const x = a[key];
    const y = b[key];
    return x < y ? -1 : x > y ? 1 : a.id.localeCompare(b.id);
  };
}
