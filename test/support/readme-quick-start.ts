/**
 * The README's quick start as data, so the tests follow it literally: its numbered steps, the commands each
 * step types (inline code that the bot parses as a command) and the names it puts in bold (buttons, chats,
 * card titles). A step records what a test did with each, so a step the README adds or renames fails a test.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../../bot/teams/routing/commands.js';

const ROOT = join(__dirname, '..', '..');
const HEADING = /^### Quick start\b.*$/m;
/** How the README writes the bot's @mention in a group chat. */
export const BOT_MENTION = '@Roundtable';

/** One numbered step of the quick start. */
export interface QuickStartStep {
  number: number;
  /** The step's text, markdown as written, continuation lines joined. */
  text: string;
  /** Inline code the bot parses as a command, in order, as written (`@Roundtable next`, `my steps`). */
  commands: string[];
  /** Every **bold** name, in order. */
  bold: string[];
}

/** The quick start section of a README (from its "### Quick start" heading to the next heading). */
export function quickStartSection(markdown: string): string {
  const start = HEADING.exec(markdown);
  assert.ok(start, 'README.md has a "### Quick start" section');
  const rest = markdown.slice(start.index + start[0].length);
  const next = /^#{1,3} /m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Whether an inline code span is a command the bot answers (after an @mention, if any). */
export function isCommand(code: string): boolean {
  const text = code.startsWith(`${BOT_MENTION} `) ? code.slice(BOT_MENTION.length + 1) : code;
  if (!/^[a-z]/.test(text)) return false;
  return parseCommand(text.replace(/<[^>]*>/g, 'x')).name !== 'unknown';
}

/** The numbered steps of the quick start section (fenced code blocks left out of commands and bold). */
export function quickStartSteps(markdown: string): QuickStartStep[] {
  const section = quickStartSection(markdown).replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, '');
  const steps: QuickStartStep[] = [];
  let current: { number: number; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const text = current.lines.join(' ').replace(/\s+/g, ' ').trim();
    const codes = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    steps.push({
      number: current.number,
      text,
      commands: codes.filter(isCommand),
      bold: [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1] ?? ''),
    });
  };
  for (const line of section.split('\n')) {
    const numbered = /^(\d+)\. (.*)$/.exec(line);
    if (numbered) {
      flush();
      current = { number: Number(numbered[1]), lines: [numbered[2] ?? ''] };
    } else if (current && /^\s+\S/.test(line)) {
      current.lines.push(line.trim());
    } else if (current && line.trim() !== '') {
      flush();
      current = undefined;
    }
  }
  flush();
  return steps;
}

/** The README's quick start steps, read from the repository's README.md. */
export function readmeQuickStart(): QuickStartStep[] {
  return quickStartSteps(readFileSync(join(ROOT, 'README.md'), 'utf8'));
}

/**
 * A test's walk through the README's steps: it takes each command and bold name from the step that
 * says it (failing when the README does not), and at the end reports what the walk left out.
 */
export class QuickStartWalk {
  private readonly used = new Map<number, { commands: Set<number>; bold: Set<string> }>();

  constructor(readonly steps: QuickStartStep[] = readmeQuickStart()) {}

  /** Step `n`, which the README must have. */
  step(n: number): QuickStartStep {
    const s = this.steps.find((x) => x.number === n);
    assert.ok(s, `README quick start has a step ${n}`);
    return s;
  }

  private mark(n: number) {
    let u = this.used.get(n);
    if (!u) {
      u = { commands: new Set(), bold: new Set() };
      this.used.set(n, u);
    }
    return u;
  }

  /**
   * The next command of step `n` not taken yet, which must start with `start` (`@Roundtable` left off
   * when comparing): returned as written, placeholders (`<a date next week>`) included.
   */
  command(n: number, start: string): string {
    const s = this.step(n);
    const u = this.mark(n);
    const i = s.commands.findIndex(
      (c, k) => !u.commands.has(k) && (c === start || c.replace(`${BOT_MENTION} `, '').startsWith(start)),
    );
    assert.ok(
      i >= 0,
      `README quick start step ${n} types \`${start}…\` (it types: ${s.commands.join(', ')})`,
    );
    u.commands.add(i);
    return s.commands[i] ?? '';
  }

  /** A bold name of step `n` (a button, chat or card title): the README must say it. */
  bold(n: number, name: string): string {
    const s = this.step(n);
    assert.ok(
      s.bold.includes(name),
      `README quick start step ${n} names **${name}** (it names: ${s.bold.join(', ')})`,
    );
    this.mark(n).bold.add(name);
    return name;
  }

  /** What the walk did not take: commands and bold names of each step, by step number. */
  leftOut(): string[] {
    return this.steps.flatMap((s) => {
      const u = this.mark(s.number);
      return [
        ...s.commands.filter((_, k) => !u.commands.has(k)).map((c) => `step ${s.number}: \`${c}\``),
        ...s.bold.filter((b) => !u.bold.has(b)).map((b) => `step ${s.number}: **${b}**`),
      ];
    });
  }
}
