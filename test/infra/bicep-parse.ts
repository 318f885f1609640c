/** A small reader of infra/*.bicep for the static tests (the Bicep CLI cannot run here). */
import { readFileSync } from 'node:fs';

export interface BicepParam {
  name: string;
  type: string;
  default?: string;
  allowed?: string[];
  secure: boolean;
}
export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  body: string;
}
export interface BicepFile {
  path: string;
  text: string;
  params: Map<string, BicepParam>;
  resources: BicepResource[];
  outputs: Map<string, { type: string; value: string }>;
  modules: { symbol: string; path: string; body: string }[];
}

/** The text from an opening bracket to its match (strings and comments are simple enough here). */
export function block(text: string, open: number): string {
  const pairs: Record<string, string> = { '{': '}', '[': ']' };
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === "'" && text[i - 1] !== '\\') inString = false;
      continue;
    }
    if (ch === "'") inString = true;
    else if (ch === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (pairs[ch]) stack.push(pairs[ch]!);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error('unbalanced brackets');
}

export function parseBicep(path: string): BicepFile {
  const text = readFileSync(path, 'utf8');
  const params = new Map<string, BicepParam>();
  const paramRe = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/gm;
  for (const m of text.matchAll(paramRe)) {
    // Decorators are the lines straight above the declaration.
    const before = text.slice(0, m.index).split('\n');
    const decorators: string[] = [];
    for (let i = before.length - 2; i >= 0 && /^(@|\s+'|\])/.test(before[i] ?? ''); i--) {
      decorators.unshift(before[i]!);
    }
    const dec = decorators.join('\n');
    const allowed = /@allowed\(\[([\s\S]*?)\]\)/.exec(dec)?.[1];
    params.set(m[1]!, {
      name: m[1]!,
      type: m[2]!,
      default: m[3]?.trim(),
      allowed: allowed ? [...allowed.matchAll(/'([^']*)'/g)].map((x) => x[1]!) : undefined,
      secure: dec.includes('@secure()'),
    });
  }
  const resources: BicepResource[] = [];
  const resRe = /^resource\s+(\w+)\s+'([^@']+)@([^']+)'(\s+existing)?\s*=\s*/gm;
  for (const m of text.matchAll(resRe)) {
    const open = m.index + m[0].length;
    resources.push({
      symbol: m[1]!,
      type: m[2]!,
      apiVersion: m[3]!,
      existing: Boolean(m[4]),
      body: block(text, open),
    });
  }
  const outputs = new Map<string, { type: string; value: string }>();
  for (const m of text.matchAll(/^output\s+(\w+)\s+(\w+)\s*=\s*(.+)$/gm)) {
    outputs.set(m[1]!, { type: m[2]!, value: m[3]! });
  }
  const modules = [...text.matchAll(/^module\s+(\w+)\s+'([^']+)'\s*=\s*/gm)].map((m) => ({
    symbol: m[1]!,
    path: m[2]!,
    body: block(text, m.index + m[0].length),
  }));
  return { path, text, params, resources, outputs, modules };
}

/** The `params: { ... }` names a module call passes. */
export function passedParams(moduleBody: string): string[] {
  const at = moduleBody.indexOf('params:');
  if (at < 0) return [];
  const body = block(moduleBody, moduleBody.indexOf('{', at));
  return [...body.matchAll(/^\s{4}(\w+):/gm)].map((m) => m[1]!);
}

/** `key: value` inside a resource body (first occurrence). */
export function prop(body: string, key: string): string | undefined {
  return new RegExp(`(?:^|\\s)${key}:\\s*([^\\n]+)`).exec(body)?.[1]?.trim();
}
