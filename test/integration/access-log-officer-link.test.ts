/**
 * The officer's way to the access log from the personal app: `GET /api/tab/me/steps` says `officer: true` for
 * a configured security officer only (SSO tokens, real HTTP), and the personal app shows its "Access log" link
 * only then (tab/src/personal.*).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { people } from '../support/activities.js';
import { officer } from '../support/authz-tab.js';
import { Harness } from '../support/harness.js';
import { TabSsoRig } from '../support/tab-sso.js';
import { tabFetch } from '../support/tab-world.js';

describe('the access log link in the personal app', function () {
  this.timeout(60000);
  let rig: TabSsoRig;
  let h: Harness;
  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: {
        ...rig.env(),
        LEADER_IDS: people.leader.aadObjectId,
        SECURITY_OFFICER_IDS: officer.aadObjectId.toUpperCase(),
      },
      auth: rig.auth(),
    });
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  it('officer link: `me` says officer: true for a configured security officer only (not a leader, not a caseworker)', async () => {
    const me = async (p: typeof officer) =>
      (await tabFetch(h, '/api/tab/me/steps', await rig.token(p))).body as { me?: { officer?: boolean } };
    assert.equal((await me(officer)).me?.officer, true);
    assert.equal((await me(people.leader)).me?.officer, false);
    assert.equal((await me(people.caseworker)).me?.officer, false);
  });

  it('officer link: the personal app hides the "Access log" link unless `me` says officer', () => {
    const src = (f: string) => readFileSync(join(__dirname, '..', '..', 'tab', 'src', f), 'utf8');
    assert.match(
      src('personal.html'),
      /<p id="officer-link" hidden><a href="access-log\.html" data-i18n="tab:personal\.accessLog">Access log<\/a>/,
    );
    assert.match(src('personal.ts'), /\$\('officer-link'\)\.hidden = mine\.me\.officer !== true/);
  });
});
