/** What the side panel's header says, from the board alone (no DOM, so unit tests read it): phase, clock, Next. */
import type { TabBoard } from './board';

/** The header of the side panel. */
export interface PanelHeader {
  caseLine: string;
  phaseLine: string;
  /** The live countdown ("12:04 left", "3:10 over"), the planned minutes, or nothing (scheduled, ended). */
  clock: { text: string; over: boolean };
  /** Started ahead of its meeting and not opened yet: no clock, the facilitator's Next opens it. */
  scheduled: boolean;
  /** The facilitator's forward button. */
  nextLabel: string;
}

/** "12:04 left" / "3:10 over" until `endsAt`, seen at `nowMs` (server time). */
export function countdown(endsAt: string, nowMs: number): { text: string; over: boolean } {
  const ms = Date.parse(endsAt) - nowMs;
  const abs = Math.abs(Math.round(ms / 1000));
  const text = `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
  return ms >= 0 ? { text: `${text} left`, over: false } : { text: `${text} over`, over: true };
}

/** "Scheduled for 2026-12-04 14:00 (UTC) — opens when the facilitator types …" (the side panel and the stage). */
export function scheduledLine(board: TabBoard): string {
  const at = board.roundtable.scheduledText ?? board.roundtable.scheduledFor;
  const when = at ? `Scheduled for ${at}` : 'Scheduled';
  return `${when} — opens when the facilitator types "@Roundtable open" in the meeting chat.`;
}

/** The side panel's header for this board at `nowMs` (server time); `null` when no roundtable runs here. */
export function panelHeader(board: TabBoard | null, nowMs: number): PanelHeader {
  if (!board) {
    return {
      caseLine: 'Permanency Roundtable',
      phaseLine:
        'No roundtable is running in this meeting. Type "start <case alias>" to the bot in the meeting chat.',
      clock: { text: '', over: false },
      scheduled: false,
      nextLabel: 'Next phase ▶',
    };
  }
  const rt = board.roundtable;
  const caseLine = `Roundtable: ${rt.caseAlias}`;
  if (rt.status === 'ended') {
    return {
      caseLine,
      phaseLine: 'This roundtable has ended.',
      clock: { text: '', over: false },
      scheduled: false,
      nextLabel: 'Next phase ▶',
    };
  }
  if (rt.scheduled) {
    return {
      caseLine,
      phaseLine: `${scheduledLine(board)} No clock runs until then.`,
      clock: { text: '', over: false },
      scheduled: true,
      nextLabel: 'Open the roundtable ▶',
    };
  }
  return {
    caseLine,
    phaseLine: `Phase ${rt.phaseIndex + 1} of ${rt.phases.length}: ${rt.phaseTitle}`,
    clock: rt.timerEndsAt
      ? countdown(rt.timerEndsAt, nowMs)
      : { text: `${rt.plannedMinutes} min planned`, over: false },
    scheduled: false,
    nextLabel: 'Next phase ▶',
  };
}
