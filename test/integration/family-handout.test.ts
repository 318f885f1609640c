/**
 * The family handout (issue #29 item 3) over HTTP with Teams SSO tokens: the print page's HTML and the PDF, in
 * English and Spanish, read as the family would read them (the HTML's text without tags, the PDF's text through a
 * PDF reader). They hold the goals, every accepted step with its owner and date, and who to call; none of the
 * agency's own content; a refusal shows nothing; every request is in the access log.
 */
import assert from 'node:assert/strict';
import { familyDate } from '../../bot/handout/handout-model.js';
import { roundtableRecord } from '../../bot/roundtable/roundtable-record.js';
import { roundtableView } from '../../bot/roundtable/roundtables.js';
import { people, TEST_TENANT_ID } from '../support/activities.js';
import { accessEntries, OTHER_TENANT } from '../support/authz-tab.js';
import { HANDOUT_ALIAS, handoutRoundtable, INTERNAL, PLAN } from '../support/handout-world.js';
import { Harness } from '../support/harness.js';
import { pdfText } from '../support/pdf-text.js';
import { seedPeople } from '../support/personal-world.js';
import { TabSsoRig } from '../support/tab-sso.js';

const CONTACT = 'Riverside Children’s Services, (555) 010-0100, Monday to Friday 8 to 5';
const { caseworker: cw, supervisor: sup, facilitator: fac, consultant: mp, outsider, leader } = people;

/** What each language must say (besides the steps' own text, the team's words). */
const EXPECTED = {
  en: {
    draft: 'Draft for our family team meeting',
    goals: [
      'Returning home to your family',
      'A relative or a close family friend takes care of the child for good',
    ],
    owners: ['Carlos (caseworker)', 'Sana (supervisor)', 'Fiona (team member)'],
    familyMeeting: 'Meet as a family team to talk about this plan',
    helper: 'With help from Morgan',
    contacts: ['Carlos (caseworker)', 'Sana (supervisor)', `Agency: ${CONTACT}`],
  },
  es: {
    draft: 'Borrador para nuestra reunión del equipo familiar',
    goals: [
      'Volver a casa con su familia',
      'Un pariente o un amigo de la familia cuida al niño para siempre',
    ],
    owners: ['Carlos (trabajador social)', 'Sana (supervisor)', 'Fiona (miembro del equipo)'],
    familyMeeting: 'Reunirnos como equipo familiar para hablar de este plan',
    helper: 'Con la ayuda de Morgan',
    contacts: ['Carlos (trabajador social)', 'Sana (supervisor)', `Agencia: ${CONTACT}`],
  },
} as const;

/** The HTML fragment as text: tags out, entities back, spaces collapsed. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('family handout over HTTP (SSO tokens): content rules in English and Spanish', function () {
  this.timeout(90_000);
  let rig: TabSsoRig;
  let h: Harness;
  let id: string;
  /** Every line the agency keeps that the family must not read (typed text, labels, the fidelity check). */
  let forbidden: string[];

  before(async () => {
    rig = await TabSsoRig.start();
    h = await Harness.start({
      env: {
        ...rig.env(),
        ALLOWED_TENANTS: `${TEST_TENANT_ID},${OTHER_TENANT}`,
        FAMILY_HANDOUT_CONTACT: CONTACT,
      },
      auth: rig.auth(),
    });
    await seedPeople(h);
    id = await handoutRoundtable(h);
    const view = await roundtableView(h.app.domain, id);
    const record = roundtableRecord(view!, h.app.domain.settings, new Date());
    // The seeding worked: the record holds what the handout must leave out.
    assert.ok(record.barriers.length === 1 && record.facts.length === 1 && record.debrief.length === 1);
    assert.equal(record.plan.caseNumber, INTERNAL.caseNumber);
    forbidden = [
      ...Object.values(INTERNAL),
      ...h.app.domain.settings.ratingScale.map((r) => r.label),
      ...record.fidelity.flatMap((f) => [f.label, f.detail]).filter((t) => t.length > 3),
      ...[cw, sup, fac].map((p) => p.name),
      'policy',
      'Policy',
    ];
  });
  after(async () => {
    await h?.close();
    await rig?.close();
  });

  const get = async (path: string, as: (typeof people)[keyof typeof people] | null, tenant?: string) => {
    const token = as ? await rig.token(as, tenant ? { tenantId: tenant } : {}) : undefined;
    return fetch(`${h.app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  };

  /** The content rules on one rendered text. */
  function assertFamilyText(text: string, lang: 'en' | 'es') {
    const e = EXPECTED[lang];
    const missing = [
      e.draft,
      ...e.goals,
      ...e.owners,
      e.familyMeeting,
      e.helper,
      ...e.contacts,
      ...PLAN.steps.map((s) => s.text),
      ...PLAN.steps.map((s) => familyDate(s.due, lang)),
    ].filter((want) => !text.includes(want));
    assert.deepEqual(missing, [], `missing from the ${lang} handout: ${text}`);
    // Each step with its owner and its date, in that order.
    for (const [i, s] of PLAN.steps.entries()) {
      const at = text.indexOf(s.text);
      const after = text.slice(at, at + s.text.length + 120);
      assert.ok(after.includes(e.owners[i]!) && after.includes(familyDate(s.due, lang)), after);
    }
    const leaked = forbidden.filter((word) =>
      new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text),
    );
    assert.deepEqual(leaked, [], `agency-internal content on the ${lang} handout`);
  }

  for (const lang of ['en', 'es'] as const) {
    it(`the print page (HTML) in ${lang}: goals, each step with owner and date, who to call; nothing internal`, async () => {
      const res = await get(`/api/tab/me/handout/${id}?lang=${lang}`, cw);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const body = (await res.json()) as {
        lang: string;
        html: string;
        draft: boolean;
        languages: { code: string }[];
      };
      assert.equal(body.lang, lang);
      assert.equal(body.draft, true);
      assert.deepEqual(
        body.languages.map((l) => l.code),
        ['en', 'es'],
      );
      assert.match(body.html, new RegExp(`^<article class="handout" lang="${lang}">`));
      assertFamilyText(htmlText(body.html), lang);
    });

    it(`the PDF in ${lang}: the same content, read by a PDF reader; nothing internal`, async () => {
      const res = await get(`/api/tab/me/handout/${id}/pdf?lang=${lang}`, sup);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(`family-plan-K\\.W\\.-${lang}\\.pdf`),
      );
      const pdf = await pdfText(new Uint8Array(await res.arrayBuffer()));
      assert.ok(pdf.pages >= 1 && pdf.pages <= 2, `${pdf.pages} pages`);
      assertFamilyText(pdf.text, lang);
    });
  }

  it('an unknown language falls back to English; a Teams locale (es-MX) picks Spanish', async () => {
    const xx = (await (await get(`/api/tab/me/handout/${id}?lang=xx`, fac)).json()) as { lang: string };
    assert.equal(xx.lang, 'en');
    const mx = (await (await get(`/api/tab/me/handout/${id}?lang=es-MX`, fac)).json()) as { lang: string };
    assert.equal(mx.lang, 'es');
  });

  it('refusals show no content: a roster member without the plan, outsiders, another tenant, no token', async () => {
    const before = new Set((await accessEntries(h)).keys());
    const tries = [
      { as: mp, status: 403 },
      { as: leader, status: 403 },
      { as: outsider, status: 403 },
      { as: cw, tenant: OTHER_TENANT, status: 404 },
      { as: null, status: 401 },
    ] as const;
    for (const t of tries) {
      for (const path of [`/api/tab/me/handout/${id}`, `/api/tab/me/handout/${id}/pdf`]) {
        const res = await get(path, t.as, 'tenant' in t ? t.tenant : undefined);
        const text = await res.text();
        assert.equal(res.status, t.status, `${t.as?.name ?? 'no token'} ${path}: ${text}`);
        assert.notEqual(res.headers.get('content-type'), 'application/pdf');
        for (const word of [HANDOUT_ALIAS, ...PLAN.steps.map((s) => s.text), ...Object.values(INTERNAL)])
          assert.ok(!text.includes(word), `${t.as?.name ?? 'no token'} read ${word}`);
      }
    }
    const added = [...(await accessEntries(h)).values()].filter((e) => !before.has(e.id));
    const refused = added.filter(
      (e) => e.outcome === 'refused' && e.route.startsWith('GET /api/tab/me/handout/'),
    );
    assert.equal(refused.length, tries.length * 2, JSON.stringify(added));
  });

  it('every handout is in the access log: the page a read, the PDF an export, naming the roundtable', async () => {
    const before = new Set((await accessEntries(h)).keys());
    assert.equal((await get(`/api/tab/me/handout/${id}?lang=es`, cw)).status, 200);
    assert.equal((await get(`/api/tab/me/handout/${id}/pdf?lang=es`, cw)).status, 200);
    const added = [...(await accessEntries(h)).values()].filter((e) => !before.has(e.id));
    const page = added.find((e) => e.route === 'GET /api/tab/me/handout/:rt');
    const pdf = added.find((e) => e.route === 'GET /api/tab/me/handout/:rt/pdf');
    assert.equal(page?.kind, 'read');
    assert.equal(pdf?.kind, 'export');
    for (const e of [page, pdf]) {
      assert.equal(e?.outcome, 'allowed');
      assert.equal(e?.actorId, cw.aadObjectId);
      assert.equal(e?.roundtableId, id);
    }
    const text = JSON.stringify(added);
    assert.ok(!PLAN.steps.some((s) => text.includes(s.text)), 'the access log holds no plan text');
  });

  it('the caseworker words a step for the family in Spanish: the Spanish handout prints it, English keeps the team’s words', async () => {
    const page = (await (await get(`/api/tab/me/handout/${id}?lang=es`, cw)).json()) as {
      steps: { id: string; text: string; wording: string }[];
    };
    const step = page.steps.find((s) => s.text === PLAN.steps[0].text)!;
    const send = async (body: unknown) => {
      const token = await rig.token(cw);
      return fetch(`${h.app.url}/api/tab/me/handout/${id}/steps/${step.id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    };
    const wording = 'Pedir a la escuela un pase de autobús para que K. siga en su escuela';
    try {
      // A full name in it: the same warning as every free text, then "keep as written".
      const named = await send({ lang: 'es', text: 'Hablar con Rosa Martinez Lopez' });
      assert.equal(named.status, 409, await named.text());
      assert.equal((await send({ lang: 'xx', text: wording })).status, 400);
      assert.equal((await send({ lang: 'es', text: wording })).status, 200);
      const es = (await (await get(`/api/tab/me/handout/${id}?lang=es`, cw)).json()) as { html: string };
      const esText = htmlText(es.html);
      assert.ok(esText.includes(wording) && !esText.includes(PLAN.steps[0].text), esText);
      const pdf = await pdfText(
        new Uint8Array(await (await get(`/api/tab/me/handout/${id}/pdf?lang=es`, cw)).arrayBuffer()),
      );
      assert.ok(pdf.text.includes(wording), pdf.text);
      const en = (await (await get(`/api/tab/me/handout/${id}?lang=en`, cw)).json()) as { html: string };
      assert.ok(htmlText(en.html).includes(PLAN.steps[0].text));
    } finally {
      // Cleared again: the other tests read the team's words (each test passes alone and in any order).
      assert.equal((await send({ lang: 'es', text: '' })).status, 200);
    }
  });
});
