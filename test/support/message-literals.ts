/**
 * The messages the domain returns to people, read from its source files (test/unit/messages-catalogue.test.ts):
 * the message of every `fail(code, message)` and the notice of every `ok(value, notice)` in bot/roundtable/** and
 * bot/reminders/**. A string is itself; a template literal's `${...}` parts become `{vN}` placeholders (a part
 * that is `cond ? 'a' : 'b'` gives one text per branch); `a + b` joins; `cond ? a : b` gives both; a constant
 * (`const BUSY = '...'`, `NOTICES[kind]`, `YOUTH_NOTICES.fullName`, also imported from another file) is read from
 * its declaration. An argument that is computed (a variable, a call) is listed as unresolved with its place.
 * Also a failure written as a value (`{ code, message: '...' }`) and a route's `refusal: '...'`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(__dirname, '..', '..');

export interface MessageLiteral {
  /** `file:line` of the argument. */
  at: string;
  /** The text, its variable parts written `{v1}`, `{v2}`, … */
  text: string;
}

export interface ScanResult {
  messages: MessageLiteral[];
  /** Arguments that are not literal (computed at run time), `file:line  source`. */
  unresolved: string[];
}

/** The .ts files under the folders given (repo-relative). */
export function sourceFiles(...dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      .map((e) => relative(root, join(e.parentPath, e.name)))
      .sort(),
  );
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (
    ts.isAsExpression(x) ||
    ts.isSatisfiesExpression(x) ||
    ts.isParenthesizedExpression(x) ||
    ts.isTypeAssertionExpression(x)
  )
    x = x.expression;
  return x;
}

/** The initializer of `const name = ...` in a file (any depth), else of an import of that name. */
function constant(file: string, name: string): { file: string; init: ts.Expression } | undefined {
  const sf = parse(file);
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === name &&
      n.initializer &&
      ts.isVariableDeclarationList(n.parent) &&
      (n.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      found = n.initializer;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (found) return { file, init: found };
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const spec = st.moduleSpecifier.text;
    if (!spec.startsWith('.')) continue;
    const named = st.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    const el = named.elements.find((e) => e.name.text === name);
    if (!el) continue;
    const target = relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts');
    if (!existsSync(join(root, target))) return undefined;
    return constant(target, (el.propertyName ?? el.name).text);
  }
  return undefined;
}

function objectLiteral(
  file: string,
  name: string,
): { file: string; obj: ts.ObjectLiteralExpression } | undefined {
  const c = constant(file, name);
  if (!c) return undefined;
  const init = unwrap(c.init);
  return ts.isObjectLiteralExpression(init) ? { file: c.file, obj: init } : undefined;
}

/** The texts an expression can be (placeholders numbered from `next`), or undefined when it is computed. */
function texts(file: string, e: ts.Expression, counter: { n: number }): string[] | undefined {
  const x = unwrap(e);
  if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) return [x.text];
  if (ts.isTemplateExpression(x)) {
    let out = [x.head.text];
    for (const span of x.templateSpans) {
      const inner = unwrap(span.expression);
      let parts: string[] | undefined;
      if (ts.isConditionalExpression(inner)) parts = branches(file, inner, counter);
      if (!parts) parts = [`{v${++counter.n}}`];
      out = out.flatMap((o) => parts.map((p) => o + p + span.literal.text));
    }
    return out;
  }
  if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = texts(file, x.left, counter);
    const right = texts(file, x.right, counter);
    if (!left || !right) return undefined;
    return left.flatMap((l) => right.map((r) => l + r));
  }
  if (ts.isConditionalExpression(x)) return branches(file, x, counter);
  if (ts.isIdentifier(x)) {
    if (x.text === 'undefined') return [];
    const c = constant(file, x.text);
    return c ? texts(c.file, c.init, counter) : undefined;
  }
  if (ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression)) {
    const o = objectLiteral(file, x.expression.text);
    const prop = o?.obj.properties.find(
      (p) => ts.isPropertyAssignment(p) && p.name.getText().replace(/['"]/g, '') === x.name.text,
    );
    return o && prop && ts.isPropertyAssignment(prop) ? texts(o.file, prop.initializer, counter) : undefined;
  }
  if (ts.isElementAccessExpression(x) && ts.isIdentifier(x.expression)) {
    const o = objectLiteral(file, x.expression.text);
    if (!o) return undefined;
    const all: string[] = [];
    for (const p of o.obj.properties) {
      if (!ts.isPropertyAssignment(p)) return undefined;
      const t = texts(o.file, p.initializer, counter);
      if (!t) return undefined;
      all.push(...t);
    }
    return all;
  }
  return undefined;
}

/** Both branches of `c ? a : b` when both are texts (a branch `undefined` gives none). */
function branches(file: string, x: ts.ConditionalExpression, counter: { n: number }): string[] | undefined {
  const a = texts(file, x.whenTrue, counter);
  const b = texts(file, x.whenFalse, counter);
  return a && b ? [...a, ...b] : undefined;
}

/** `message:` beside a `code:` (a Failure), or `refusal:`. */
function isMessageProperty(p: ts.PropertyAssignment): boolean {
  const name = (p.name as ts.Identifier).text;
  if (name === 'refusal') return true;
  if (name !== 'message' || !ts.isObjectLiteralExpression(p.parent)) return false;
  return p.parent.properties.some((q) => q.name && ts.isIdentifier(q.name) && q.name.text === 'code');
}

/** Every message of `fail(code, message)` and notice of `ok(value, notice)` in the files. */
export function scanMessages(files: string[]): ScanResult {
  const messages: MessageLiteral[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    const sf = parse(file);
    const visit = (n: ts.Node): void => {
      if (
        ts.isCallExpression(n) &&
        ts.isIdentifier(n.expression) &&
        (n.expression.text === 'fail' || n.expression.text === 'ok') &&
        n.arguments.length === 2
      ) {
        const arg = n.arguments[1] as ts.Expression;
        const at = `${file}:${sf.getLineAndCharacterOfPosition(arg.getStart()).line + 1}`;
        const found = texts(file, arg, { n: 0 });
        if (found) for (const text of found) messages.push({ at, text });
        else unresolved.push(`${at}  ${arg.getText().replace(/\s+/g, ' ')}`);
      }
      // A failure written as a value (`{ code: 'forbidden', message: '...' }`) or a route's `refusal: '...'`.
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && isMessageProperty(n)) {
        const at = `${file}:${sf.getLineAndCharacterOfPosition(n.initializer.getStart()).line + 1}`;
        const found = texts(file, n.initializer, { n: 0 });
        if (found) for (const text of found) messages.push({ at, text });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { messages, unresolved };
}
