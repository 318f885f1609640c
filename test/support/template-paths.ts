/**
 * Reading card templates as adaptivecards-templating expands them (test/unit/template-paths.test.ts):
 * which paths each `${…}` reads, and in which `$data` scope.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** cards/templates. */
export const TEMPLATES = resolve(__dirname, '..', '..', 'cards', 'templates');

export type Json = unknown;
export interface Scope {
  data: Json;
  index?: number;
}

/** Every `.json` file under cards/templates, by its path there. */
export function templateFiles(dir = TEMPLATES): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    return statSync(full).isDirectory() ? templateFiles(full) : f.endsWith('.json') ? [full] : [];
  });
}

/** The paths an expression reads (`a.b`, `$root.x`, `$data`, `$index`): no functions, literals or strings. */
export function pathsOf(text: string): string[] {
  const out: string[] = [];
  for (const [, body = ''] of text.matchAll(/\$\{([^}]*)\}/g)) {
    const code = body.replace(/'[^']*'|"[^"]*"/g, "''");
    for (const m of code.matchAll(/(\$?[A-Za-z_]\w*)((?:\.[A-Za-z_$]\w*|\[\d+\])*)(\s*\()?/g)) {
      const before = code[(m.index ?? 0) - 1];
      if (m[3] || before === '.' || ['true', 'false', 'null', '$host'].includes(m[1]!)) continue;
      out.push(`${m[1]}${m[2] ?? ''}`);
    }
  }
  return out;
}

/** The value a path reads in a scope; undefined when it does not resolve. */
export function read(path: string, scope: Scope, root: Json): Json {
  const [head = '', ...rest] = path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '');
  if (head === '$index') return scope.index;
  let value: Json =
    head === '$root'
      ? root
      : head === '$data'
        ? scope.data
        : (scope.data as Json[] & Record<string, Json>)?.[head];
  for (const key of rest) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, Json>)[key];
  }
  return value ?? undefined;
}

/** What the walk found: for each (where, text, path), whether some state resolved it. */
export class Findings {
  readonly byPlace = new Map<string, boolean>();
  /** (text, path) pairs resolved somewhere, and those seen at all. */
  readonly resolved = new Set<string>();
  readonly seen = new Set<string>();

  note(where: string, text: string, path: string, ok: boolean): void {
    const place = `${where} | ${text} | ${path}`;
    this.byPlace.set(place, (this.byPlace.get(place) ?? false) || ok);
    this.seen.add(`${text}\u0000${path}`);
    if (ok) this.resolved.add(`${text}\u0000${path}`);
  }
}

/** Walks a template as the templating engine expands it, noting every path with whether it resolved. */
export function walk(node: Json, scope: Scope, root: Json, where: string, found: Findings): void {
  if (typeof node === 'string') {
    for (const path of pathsOf(node)) found.note(where, node, path, read(path, scope, root) !== undefined);
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) walk(item, scope, root, where, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, Json>;
  let scopes: Scope[] = [scope];
  let inner = where;
  if ('$data' in obj) {
    const binding = obj.$data;
    if (typeof binding === 'string') {
      walk(binding, scope, root, where, found);
      const [path] = pathsOf(binding);
      const value = path === undefined ? undefined : read(path, scope, root);
      scopes = Array.isArray(value)
        ? value.map((data, index) => ({ data, index }))
        : value !== undefined
          ? [{ data: value }]
          : [];
      inner = `${where} > $data ${binding}`;
    } else {
      scopes = Array.isArray(binding) ? binding.map((data, index) => ({ data, index })) : [{ data: binding }];
    }
  }
  for (const s of scopes)
    for (const [key, value] of Object.entries(obj)) if (key !== '$data') walk(value, s, root, inner, found);
}
