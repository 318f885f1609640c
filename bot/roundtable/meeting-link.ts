/**
 * Teams' own meeting-scheduling form, opened from a link (an `Action.OpenUrl`): no calendar permission needed.
 * https://teams.microsoft.com/l/meeting/new?subject=…&attendees=…&startTime=…&endTime=…&content=…
 * (learn.microsoft.com: concepts/build-and-test/deep-link-workflow, "Deep link to open a meeting scheduling dialog").
 */
import type { Roundtable } from './types.js';

const BASE = 'https://teams.microsoft.com/l/meeting/new';
/** Most attendees a link carries (a roundtable's roster is far smaller; the URL stays short). */
const MAX_ATTENDEES = 40;
const MAX_SUBJECT = 200;
const MAX_CONTENT = 500;
/** A user principal name as Entra gives it: one `@`, no spaces, commas or semicolons (list separators). */
const UPN = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

/** What the scheduling form is prefilled with. */
export interface MeetingDraft {
  subject: string;
  /** User principal names; anything not shaped like one is left out, never guessed. */
  attendees: readonly string[];
  start?: Date;
  end?: Date;
  /** The meeting's description (no case content beyond the alias). */
  content?: string;
}

/** Is this a user principal name the link may carry? */
export function isUpn(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && UPN.test(value);
}

/** "2026-02-22T15:00:00Z": UTC ISO 8601 without milliseconds. */
function utc(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** The deep link to Teams' scheduling form, every value URL-encoded (attendees one by one, comma-separated). */
export function teamsMeetingLink(draft: MeetingDraft): string {
  const seen = new Set<string>();
  const attendees: string[] = [];
  for (const a of draft.attendees) {
    const upn = a.trim();
    if (!isUpn(upn) || seen.has(upn.toLowerCase())) continue;
    seen.add(upn.toLowerCase());
    attendees.push(upn);
    if (attendees.length >= MAX_ATTENDEES) break;
  }
  const parts = [`subject=${encodeURIComponent(draft.subject.slice(0, MAX_SUBJECT))}`];
  if (attendees.length > 0) parts.push(`attendees=${attendees.map(encodeURIComponent).join(',')}`);
  if (draft.start && draft.end && draft.end > draft.start) {
    parts.push(`startTime=${encodeURIComponent(utc(draft.start))}`);
    parts.push(`endTime=${encodeURIComponent(utc(draft.end))}`);
  }
  if (draft.content) parts.push(`content=${encodeURIComponent(draft.content.slice(0, MAX_CONTENT))}`);
  return `${BASE}?${parts.join('&')}`;
}

/**
 * The user principal names Teams gave for the roster, the facilitators and `also` (an invitee): the attendees of a
 * meeting link. Someone whose UPN Teams did not give is left out (counted in `missing`), never guessed.
 */
export function meetingAttendees(rt: Roundtable, also: string[] = []): { upns: string[]; missing: number } {
  const removed = new Set(rt.removedIds ?? []);
  const ids = new Set(
    [...rt.roster.map((r) => r.id), ...rt.facilitatorIds, ...also].filter((id) => !removed.has(id)),
  );
  const upns: string[] = [];
  for (const id of ids) {
    const upn = rt.roster.find((r) => r.id === id)?.upn ?? rt.chatMembers?.find((m) => m.id === id)?.upn;
    if (isUpn(upn)) upns.push(upn);
  }
  return { upns, missing: ids.size - upns.length };
}
