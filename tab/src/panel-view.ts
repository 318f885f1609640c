/** What the side panel's header says, from the board alone (no DOM, so unit tests read it): phase, clock, Next. */
import type { TabBoard } from './board';

/** The page's texts (`tr` of i18n.ts on the page; a unit test passes the bot's `translator('en')`). */
export type Translate = (key: string, values?: Record<string, string | number | undefined>) => string;

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
export function countdown(endsAt: string, nowMs: number, t: Translate): { text: string; over: boolean } {
  const ms = Date.parse(endsAt) - nowMs;
  const abs = Math.abs(Math.round(ms / 1000));
  const text = `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
  return ms >= 0
    ? { text: t('tab:common.left', { time: text }), over: false }
    : { text: t('tab:common.over', { time: text }), over: true };
}

/** "Scheduled for 2026-12-04 14:00 (UTC) — opens when the facilitator types …" (the side panel and the stage). */
export function scheduledLine(board: TabBoard, t: Translate): string {
  const at = board.roundtable.scheduledText ?? board.roundtable.scheduledFor;
  const when = at ? t('tab:panel.scheduledFor', { at }) : t('tab:panel.scheduled');
  return t('tab:panel.opensWhen', { when });
}

/** The side panel's header for this board at `nowMs` (server time); `null` when no roundtable runs here. */
export function panelHeader(board: TabBoard | null, nowMs: number, t: Translate): PanelHeader {
  if (!board) {
    return {
      caseLine: t('tab:common.roundtable'),
      phaseLine: t('tab:panel.noRoundtable'),
      clock: { text: '', over: false },
      scheduled: false,
      nextLabel: t('tab:panel.next'),
    };
  }
  const rt = board.roundtable;
  const caseLine = t('tab:panel.caseLine', { alias: rt.caseAlias });
  if (rt.status === 'ended') {
    return {
      caseLine,
      phaseLine: t('tab:panel.ended'),
      clock: { text: '', over: false },
      scheduled: false,
      nextLabel: t('tab:panel.next'),
    };
  }
  if (rt.scheduled) {
    return {
      caseLine,
      phaseLine: `${scheduledLine(board, t)}${t('tab:panel.noClock')}`,
      clock: { text: '', over: false },
      scheduled: true,
      nextLabel: t('tab:panel.open'),
    };
  }
  return {
    caseLine,
    phaseLine: t('tab:panel.phaseOf', {
      n: rt.phaseIndex + 1,
      count: rt.phases.length,
      title: rt.phaseTitle,
    }),
    clock: rt.timerEndsAt
      ? countdown(rt.timerEndsAt, nowMs, t)
      : { text: t('tab:panel.planned', { n: rt.plannedMinutes }), over: false },
    scheduled: false,
    nextLabel: t('tab:panel.next'),
  };
}
