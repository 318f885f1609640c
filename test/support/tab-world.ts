/** A roundtable in the meeting chat, started through the domain, for the tab API and browser tests. */

import { startRoundtable as beginRoundtable } from '../../bot/roundtable/lifecycle.js';
import { botAccount, MEETING_CHAT_ID, member, type Person, people, TEST_TENANT_ID } from './activities.js';
import type { Harness } from './harness.js';

/** Registers the chat's members with the fake connector (everyone but the outsider) and starts a roundtable. */
export async function startRoundtable(h: Harness, alias = 'J.T.'): Promise<string> {
  h.fake.setMembers(
    MEETING_CHAT_ID,
    Object.values(people)
      .filter((p) => p.role !== 'outsider')
      .map((p) => member(p)),
  );
  const fac = people.facilitator;
  const reference = {
    activityId: 'seed',
    channelId: 'msteams',
    serviceUrl: h.fake.url,
    bot: botAccount(),
    user: { id: fac.id, name: fac.name, aadObjectId: fac.aadObjectId },
    conversation: {
      id: MEETING_CHAT_ID,
      isGroup: true,
      conversationType: 'groupChat',
      tenantId: TEST_TENANT_ID,
    },
  };
  const started = await beginRoundtable(
    h.app.domain,
    { person: { id: fac.id, name: fac.name, aadObjectId: fac.aadObjectId }, conversationId: MEETING_CHAT_ID },
    alias,
    { conversationId: MEETING_CHAT_ID, serviceUrl: h.fake.url, tenantId: TEST_TENANT_ID, reference },
  );
  if (!started.ok) throw new Error(started.failure.message);
  return started.value.id;
}

export function actorOf(p: Person) {
  // The tenant the edge verifies (every roundtable of these tests is in TEST_TENANT_ID's chat).
  return {
    person: { id: p.id, name: p.name, aadObjectId: p.aadObjectId },
    conversationId: MEETING_CHAT_ID,
    tenantId: TEST_TENANT_ID,
  };
}

/** fetch against the bot's tab API with an SSO token. */
export async function tabFetch(
  h: Harness,
  path: string,
  token: string | undefined,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${h.app.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return {
    status: res.status,
    body: body as Record<string, unknown> & { error?: string },
    headers: res.headers,
  };
}
