import { TeamsInfo, type TurnContext } from 'botbuilder';
import { isUpn } from '../../roundtable/meeting-link.js';
import type { Person } from '../../roundtable/types.js';

/** Most pages of members asked of the connector for the people picker. */
const MEMBER_PAGES = 3;

/** The chat's members as the connector lists them (names, ids and UPNs), for the people picker and meeting links. */
export async function chatMembers(context: TurnContext): Promise<Person[]> {
  const out: Person[] = [];
  let token: string | undefined;
  for (let page = 0; page < MEMBER_PAGES; page++) {
    const res = await TeamsInfo.getPagedMembers(context, 100, token);
    for (const m of res.members ?? []) {
      if (!m.id) continue;
      out.push({
        id: m.id,
        name: (m.name ?? '').slice(0, 100) || 'Someone',
        ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
        ...(isUpn(m.userPrincipalName) ? { upn: m.userPrincipalName } : {}),
      });
    }
    token = res.continuationToken;
    if (!token) break;
  }
  return out;
}
