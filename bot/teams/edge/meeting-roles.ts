import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { RateLimiter } from '../outgoing/rate-limiter.js';

/** How long a meeting role answer is trusted. */
export const ROLE_TTL_MS = 5 * 60_000;
/** How long "Teams could not say" is remembered, so a chat without a meeting is not asked on every turn. */
export const UNAVAILABLE_TTL_MS = 60_000;

export type MeetingRole = 'Organizer' | 'Presenter' | 'Attendee' | 'unavailable';

interface Entry {
  role: MeetingRole;
  until: number;
}

/**
 * What Teams says about people's meeting roles, cached in memory per meeting and user.
 * Not state that matters: after a restart the next question simply goes to Teams again.
 * Also remembers which meeting a chat belongs to, learned from Teams-signed activities only,
 * so the tab API (which only knows the chat) can ask about the organizer too.
 */
export class MeetingRoles {
  private readonly roles = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<MeetingRole>>();
  private readonly meetings = new Map<string, string>();

  constructor(
    private readonly now: () => number = Date.now,
    /** The app's limiter: a meeting lookup takes a slot of this instance's per-app share. */
    private readonly limiter?: RateLimiter,
  ) {}

  /** Records that activities from `conversationId` carry `meetingId` (only from authenticated activities). */
  rememberMeeting(conversationId: string, meetingId: string): void {
    if (this.meetings.size > 10_000) this.meetings.clear();
    this.meetings.set(conversationId, meetingId);
  }

  meetingOf(conversationId: string): string | undefined {
    return this.meetings.get(conversationId);
  }

  /**
   * The user's meeting role, asked with `ask` at most once per TTL (concurrent callers share one call).
   * Any failure (group chat, Playground's 404, throttling, outage) degrades to 'unavailable'.
   */
  async role(
    meetingId: string,
    userId: string,
    ask: () => Promise<string | undefined>,
  ): Promise<MeetingRole> {
    const key = `${meetingId}|${userId}`;
    const now = this.now();
    const hit = this.roles.get(key);
    if (hit && hit.until > now) return hit.role;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const asking = (async (): Promise<MeetingRole> => {
      let role: MeetingRole;
      try {
        await this.limiter?.acquire();
        const answer = await ask();
        role = answer === 'Organizer' || answer === 'Presenter' ? answer : 'Attendee';
      } catch {
        role = 'unavailable';
      }
      if (this.roles.size > 10_000) this.roles.clear();
      this.roles.set(key, {
        role,
        until: this.now() + (role === 'unavailable' ? UNAVAILABLE_TTL_MS : ROLE_TTL_MS),
      });
      return role;
    })();
    this.pending.set(key, asking);
    try {
      return await asking;
    } finally {
      this.pending.delete(key);
    }
  }

  /** `Actor.isMeetingOrganizer` for a turn: asks Teams through the turn's context. */
  organizerCheck(
    context: TurnContext,
    meetingId: string,
    aadObjectId: string | undefined,
  ): () => Promise<boolean> {
    return async () => {
      if (!aadObjectId) return false;
      const role = await this.role(meetingId, aadObjectId, async () => {
        const p = await TeamsInfo.getMeetingParticipant(context, meetingId, aadObjectId);
        return p.meeting?.role;
      });
      return role === 'Organizer';
    };
  }
}
