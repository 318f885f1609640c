import { z } from 'zod';

/**
 * The least an activity must carry for the bot to act on it and answer it (Teams always sends these).
 * Anything else is refused with 400 before it reaches the adapter.
 */
const ActivityShape = z.looseObject({
  type: z.string().min(1).max(100),
  /** Logs name turns by it and replies thread on it. */
  id: z.string().min(1).max(500),
  channelId: z.string().min(1).max(100),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2000),
  from: z.looseObject({ id: z.string().min(1).max(500) }),
  conversation: z.looseObject({ id: z.string().min(1).max(1000) }),
  recipient: z.looseObject({ id: z.string().min(1).max(500) }),
  name: z.string().max(200).optional(),
  text: z.string().optional(),
  entities: z
    .array(z.looseObject({ type: z.string() }))
    .max(100)
    .optional(),
  attachments: z.array(z.looseObject({})).max(50).optional(),
  channelData: z.looseObject({}).optional(),
});

/** True when the parsed body looks like a Bot Framework activity the bot can answer. */
export function isActivityShape(body: unknown): boolean {
  return ActivityShape.safeParse(body).success;
}
