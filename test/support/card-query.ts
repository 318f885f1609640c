/** Reading a card as tests do: its Action.Execute buttons and its visible text (re-exported by harness.ts). */

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const c of node) walk(c, visit);
  } else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every Action.Execute on a card (top-level, in containers, in action sets, in show-cards). */
export function actions(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute') out.push(n);
  });
  return out;
}

export function findAction(card: unknown, verb: string, target?: string): Record<string, unknown> {
  const found = actions(card).find(
    (a) =>
      a.verb === verb &&
      (target === undefined || (a.data as Record<string, unknown> | undefined)?.target === target),
  );
  if (!found) {
    const have = actions(card).map((a) => `${a.verb}:${(a.data as { target?: string })?.target ?? ''}`);
    throw new Error(
      `no action ${verb}${target ? ` (${target})` : ''} on the card; it has ${have.join(', ')}`,
    );
  }
  return found;
}

/** All visible text of a card, joined (TextBlock, TextRun, FactSet), for assertions. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  walk(card, (n) => {
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string') parts.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string' && n.type === undefined) {
      parts.push(`${n.title} ${n.value}`);
    }
  });
  return parts.join('\n');
}
