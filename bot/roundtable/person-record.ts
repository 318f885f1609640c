/** A person the bot has seen, as it remembers them to reach them later (container `people`). */
/** Someone the bot can reach in a 1:1 chat (container `people`, partition key `/id`). */
export interface PersonRecord {
  /** The Teams user id (29:…), the same id rosters and steps use. */
  id: string;
  name: string;
  aadObjectId?: string;
  tenantId?: string;
  serviceUrl?: string;
  /** Conversation reference of the 1:1 chat with the bot, once there is one. */
  personalReference?: Record<string, unknown>;
  /** IANA time zone from the person's last activity. */
  timeZone?: string;
  /** The language of the person's Teams (a code of locales/, from their last activity): their 1:1 cards' language. */
  locale?: string;
  /** Set when Teams refused a 1:1 message (app not installed, bot blocked). */
  undeliverableSince?: string;
  /** Roundtables whose chat was told that this person cannot be reached (told once each). */
  undeliverableReported?: string[];
  updatedAt: string;
}
