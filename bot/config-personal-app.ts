/**
 * The personal app "My roundtables" (manifest `staticTabs`, entity `my-roundtables`): which Teams app id
 * its deep links name. TEAMS_APP_ID is the manifest's `id` (manifest/package.ts uses it too, and defaults
 * it to the bot's id exactly as here; infra/main.bicep passes it to the Web App). An app published to the
 * organisation's catalog gets another id there, which Teams on iOS may need in links (MicrosoftDocs/msteams-docs#5881):
 * TEAMS_APP_CATALOG_ID, when set, is the id the links use.
 */
import { z } from 'zod';

/** The static tab's entityId in the manifest; deep links open it. */
export const MY_ROUNDTABLES_ENTITY_ID = 'my-roundtables';

/** The environment variables this file reads (spread into bot/config.ts's schema). */
export const PERSONAL_APP_ENV = {
  /** The Teams app id (manifest `id`), when it is not the bot's id (MicrosoftAppId). */
  TEAMS_APP_ID: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'the Teams app id (a GUID)')
    .optional(),
  /** The org-catalog id of the published app (Teams admin centre → Manage apps → the app → App ID); links use it. */
  TEAMS_APP_CATALOG_ID: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'the org-catalog app id (a GUID)',
    )
    .optional(),
};

/** The personal app's configuration: the deep link to it (none without a Teams app id, as in local mode). */
export interface PersonalAppConfig {
  /** The manifest `id`: TEAMS_APP_ID, else MicrosoftAppId. */
  teamsAppId?: string;
  /** The id deep links name: TEAMS_APP_CATALOG_ID, else teamsAppId. */
  linkAppId?: string;
  /** https://teams.microsoft.com/l/entity/<teamsAppId>/my-roundtables, opened by every client (phones too). */
  myRoundtablesUrl?: string;
}

/** The deep link that opens "My roundtables" in Teams (desktop, web, iOS, Android). */
export function myRoundtablesUrl(teamsAppId: string): string {
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${MY_ROUNDTABLES_ENTITY_ID}`;
}

/** Reads the personal app's configuration from the validated environment. */
export function personalAppConfig(e: {
  TEAMS_APP_ID?: string;
  TEAMS_APP_CATALOG_ID?: string;
  MicrosoftAppId?: string;
}): PersonalAppConfig {
  const teamsAppId = (e.TEAMS_APP_ID || e.MicrosoftAppId || '').toLowerCase() || undefined;
  const linkAppId = (e.TEAMS_APP_CATALOG_ID || '').toLowerCase() || teamsAppId;
  return teamsAppId && linkAppId
    ? { teamsAppId, linkAppId, myRoundtablesUrl: myRoundtablesUrl(linkAppId) }
    : {};
}
