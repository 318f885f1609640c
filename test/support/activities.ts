/**
 * Builders for realistic Microsoft Teams activities (shapes as Teams sends them to a bot), a set of
 * test people, and `postActivity` to deliver an activity to a running bot over HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';

export const TEST_APP_ID = '8c0e6a55-1b2a-4f0e-9d8e-0b07c0ffee01';
export const TEST_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT_NAME = 'Roundtable';
/** A meeting chat id as Teams uses it; the conversation of a roundtable. */
export const MEETING_CHAT_ID = '19:meeting_NjE2ZWM4ZjEtZmFrZS1tZWV0aW5n@thread.v2';
/** The Teams meeting id found in `channelData.meeting.id` of activities from the meeting chat. */
export const MEETING_ID = 'MCMxOTptZWV0aW5nX05qRTJaV000WmpFdFptRnJaUzF0WldWMGFXNW5AdGhyZWFkLnYyIzA=';

export interface Person {
  /** Teams user id in the conversation (`29:...`). */
  id: string;
  name: string;
  /** Microsoft Entra (AAD) object id. */
  aadObjectId: string;
  userPrincipalName: string;
  /** What this person does in the tests. */
  role: 'facilitator' | 'caseworker' | 'supervisor' | 'consultant' | 'leader' | 'outsider';
}

function person(key: string, name: string, role: Person['role'], n: number): Person {
  return {
    id: `29:${key}`,
    name,
    aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    userPrincipalName: `${name.split(' ')[0]?.toLowerCase()}@agency.example`,
    role,
  };
}

export const people = {
  facilitator: person('fac', 'Fiona Facilitator', 'facilitator', 1),
  caseworker: person('cw', 'Carlos Caseworker', 'caseworker', 2),
  supervisor: person('sup', 'Sana Supervisor', 'supervisor', 3),
  consultant: person('mp', 'Morgan Consultant', 'consultant', 4),
  leader: person('lead', 'Lee Leader', 'leader', 5),
  outsider: person('out', 'Olly Outsider', 'outsider', 6),
} as const satisfies Record<string, Person>;

/** The bot's account as Teams addresses it (`recipient` of incoming activities). */
export function botAccount(appId = TEST_APP_ID): ChannelAccount {
  return { id: `28:${appId}`, name: BOT_NAME };
}

/** A conversation member as the fake connector should answer it for `person`. */
export function member(p: Person, tenantId = TEST_TENANT_ID) {
  return {
    id: p.id,
    name: p.name,
    aadObjectId: p.aadObjectId,
    userPrincipalName: p.userPrincipalName,
    email: p.userPrincipalName,
    tenantId,
    userRole: 'user',
  };
}

interface CommonOptions {
  /** Who sends it (default: the facilitator). */
  from?: Person | ChannelAccount;
  /** A conversation id or a partial account (default: the meeting chat / a personal chat). */
  conversation?: string | Partial<ConversationAccount>;
  /** The fake connector's URL (required in practice: the bot replies there). */
  serviceUrl: string;
  tenantId?: string;
  appId?: string;
  locale?: string;
  localTimezone?: string;
}

export interface MessageOptions extends CommonOptions {
  text: string;
  /** Prefix `<at>Roundtable</at> ` and add the mention entity, as Teams does when the bot is @mentioned. */
  mentionBot?: boolean;
  /** `channelData.meeting.id`; defaults to MEETING_ID for the default meeting chat, none otherwise. Pass null for none. */
  meetingId?: string | null;
}

export interface CardActionOptions extends CommonOptions {
  verb: string;
  data?: Record<string, unknown>;
  /** The id of the message that carries the card. */
  replyToId: string;
  meetingId?: string | null;
}

let counter = 0;

function fromAccount(from: Person | ChannelAccount | undefined): ChannelAccount {
  const f = from ?? people.facilitator;
  return { id: f.id, name: f.name, aadObjectId: f.aadObjectId ?? undefined } as ChannelAccount;
}

/** The defaults every activity shares: the sender, tenant, app, locale and time zone. */
function defaults(options: CommonOptions) {
  const {
    tenantId = TEST_TENANT_ID,
    appId = TEST_APP_ID,
    locale = 'en-US',
    localTimezone = 'America/New_York',
  } = options;
  return { tenantId, appId, locale, localTimezone, from: fromAccount(options.from) };
}

/** Dates serialise to ISO strings in postActivity, as Teams sends them. */
function clock(): { timestamp: Date; localTimestamp: Date } {
  const now = new Date();
  return { timestamp: now, localTimestamp: now };
}

function clientInfo(locale: string, timezone: string) {
  return { type: 'clientInfo', locale, country: locale.split('-')[1] ?? 'US', platform: 'Web', timezone };
}

function groupConversation(c: CommonOptions['conversation'], tenantId: string): ConversationAccount {
  const base = typeof c === 'string' ? { id: c } : (c ?? {});
  return {
    isGroup: true,
    conversationType: 'groupChat',
    tenantId,
    id: MEETING_CHAT_ID,
    ...base,
  } as ConversationAccount;
}

function personalConversation(c: CommonOptions['conversation'], tenantId: string, from: ChannelAccount) {
  const base = typeof c === 'string' ? { id: c } : (c ?? {});
  return {
    conversationType: 'personal',
    tenantId,
    id: `a:1personal-${from.id.replace(/^29:/, '')}`,
    ...base,
  } as ConversationAccount;
}

function defaultMeetingId(conversation: ConversationAccount, meetingId: string | null | undefined) {
  if (meetingId === null) return undefined;
  if (meetingId !== undefined) return meetingId;
  return conversation.id === MEETING_CHAT_ID ? MEETING_ID : undefined;
}

/** A message in a group (meeting) chat, as Teams delivers it to the bot. */
export function message(options: MessageOptions): Partial<Activity> {
  const { text, serviceUrl, mentionBot = false } = options;
  const { tenantId, appId, locale, localTimezone, from } = defaults(options);
  const conversation = groupConversation(options.conversation, tenantId);
  const bot = botAccount(appId);
  const mentionText = `<at>${BOT_NAME}</at>`;
  const fullText = mentionBot ? `${mentionText} ${text}` : text;
  const meetingId = defaultMeetingId(conversation, options.meetingId);
  const html = mentionBot
    ? `<p><span itemtype="http://schema.skype.com/Mention" itemscope="" itemid="0">${BOT_NAME}</span>&nbsp;${escapeHtml(text)}</p>`
    : `<p>${escapeHtml(text)}</p>`;
  return {
    type: 'message',
    id: `${Date.now()}${String(++counter).padStart(3, '0')}`,
    ...clock(),
    channelId: 'msteams',
    serviceUrl,
    from,
    conversation,
    recipient: bot,
    textFormat: 'plain',
    text: fullText,
    attachments: [{ contentType: 'text/html', content: html }],
    entities: [
      ...(mentionBot
        ? [{ type: 'mention', text: mentionText, mentioned: { id: bot.id, name: BOT_NAME } }]
        : []),
      clientInfo(locale, localTimezone),
    ],
    channelData: {
      tenant: { id: tenantId },
      ...(meetingId ? { meeting: { id: meetingId } } : {}),
    },
    locale,
    localTimezone,
  } as Partial<Activity>;
}

/** A message in the 1:1 chat between a person and the bot. */
export function personalMessage(
  options: Omit<MessageOptions, 'mentionBot' | 'meetingId'>,
): Partial<Activity> {
  const { text, serviceUrl } = options;
  const { tenantId, appId, locale, localTimezone, from } = defaults(options);
  return {
    type: 'message',
    id: `${Date.now()}${String(++counter).padStart(3, '0')}`,
    ...clock(),
    channelId: 'msteams',
    serviceUrl,
    from,
    conversation: personalConversation(options.conversation, tenantId, from),
    recipient: botAccount(appId),
    textFormat: 'plain',
    text,
    entities: [clientInfo(locale, localTimezone)],
    channelData: { tenant: { id: tenantId } },
    locale,
    localTimezone,
  } as Partial<Activity>;
}

/**
 * The invoke Teams sends when someone presses an `Action.Execute` button on a card
 * (`name: 'adaptiveCard/action'`). Defaults to the meeting chat; pass a conversation for 1:1 cards.
 */
export function cardAction(options: CardActionOptions): Partial<Activity> {
  const { verb, data = {}, serviceUrl, replyToId } = options;
  const { tenantId, appId, locale, localTimezone, from } = defaults(options);
  const conversation =
    typeof options.conversation === 'object' && options.conversation.conversationType === 'personal'
      ? personalConversation(options.conversation, tenantId, from)
      : groupConversation(options.conversation, tenantId);
  const meetingId = defaultMeetingId(conversation, options.meetingId);
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${randomUUID()}`,
    ...clock(),
    channelId: 'msteams',
    serviceUrl,
    from,
    conversation,
    recipient: botAccount(appId),
    replyToId,
    entities: [clientInfo(locale, localTimezone)],
    channelData: {
      tenant: { id: tenantId },
      source: { name: 'message' },
      legacy: { replyToId },
      ...(meetingId ? { meeting: { id: meetingId } } : {}),
    },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    locale,
    localTimezone,
  } as Partial<Activity>;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface PostResult {
  status: number;
  /** Parsed JSON when the response had a JSON body, the raw text for other bodies, undefined when empty. */
  body: unknown;
  headers: Headers;
}

/** POSTs the activity to `<botUrl>/api/messages`, with `Authorization: Bearer <token>` when a token is given. */
export async function postActivity(
  botUrl: string,
  activity: Partial<Activity>,
  token?: string,
): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${botUrl.replace(/\/+$/, '')}/api/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body, headers: res.headers };
}
