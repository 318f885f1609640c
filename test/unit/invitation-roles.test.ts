/** The 1:1 invitation names each role with its part; the youth's roles only in a youth-centred roundtable. */
import assert from 'node:assert/strict';
import { t } from '../../bot/i18n/text.js';
import { invitationCard } from '../../cards/preparation-cards.js';
import { realisticView } from '../support/realistic-view.js';

function invitationText(youthCentred: boolean, lang = 'en'): string {
  const view = realisticView('welcome');
  const rt = { ...view.roundtable, ...(youthCentred ? { youthCentred: true } : {}) };
  const card = invitationCard(
    {
      id: 'inv-1',
      roundtableId: rt.id,
      caseAlias: rt.caseAlias,
      person: rt.roster[1]!,
      invitedBy: rt.startedBy,
      invitedAt: view.now.toISOString(),
      meetingAt: '2026-03-20 14:00',
      status: 'invited',
    },
    rt,
    undefined,
    undefined,
    lang,
  );
  return JSON.stringify(card);
}

describe('the invitation’s roles', () => {
  it('names the youth and the support person, each with a part, only in a youth-centred roundtable', () => {
    for (const lang of ['en', 'es']) {
      const youthPart = t(lang, 'personal:invitation.parts.youth');
      const supportPart = t(lang, 'personal:invitation.parts.support-person');
      const usual = invitationText(false, lang);
      const youth = invitationText(true, lang);
      assert.ok(!usual.includes(youthPart) && !usual.includes(supportPart), `${lang}: no youth roles`);
      assert.ok(youth.includes(youthPart) && youth.includes(supportPart), `${lang}: the youth's roles`);
      assert.ok(usual.includes(t(lang, 'personal:invitation.parts.scribe')), `${lang}: the other roles stay`);
    }
  });
});
