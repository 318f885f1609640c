/**
 * The family handout from the 1:1 `my reviews` card (issue #29 item 3): "Family handout (PDF)" sends one private,
 * single-use PDF link per language to the 1:1 chat, like `export`; the PDF holds the plan and nothing internal; a
 * used link does not work twice; someone off the plan gets no link.
 */
import assert from 'node:assert/strict';
import { HANDOUT_VERB } from '../../cards/handout-cards.js';
import { cardAction, type Person, people, postActivity } from '../support/activities.js';
import { findAction } from '../support/card-query.js';
import { openDownload } from '../support/download.js';
import { handoutRoundtable, INTERNAL, PLAN } from '../support/handout-world.js';
import { Harness, type PostedCard } from '../support/harness.js';
import { pdfText } from '../support/pdf-text.js';
import { personalChat, postPersonally } from '../support/personal-chat.js';
import { downloadLink } from '../support/personal-world.js';

const { caseworker: cw, consultant: mp } = people;

describe('family handout from the `my reviews` card: private PDF links, one per language', function () {
  this.timeout(90_000);
  let h: Harness;

  async function sayPersonal(from: Person, text: string): Promise<PostedCard[]> {
    await postPersonally(h, from, text);
    await h.app.idle();
    return h.cards(personalChat(from));
  }

  /** Presses "Family handout (PDF)" on a card, from `from`'s 1:1 chat (as Teams sends a click there). */
  async function clickInPersonal(from: Person, on: PostedCard) {
    const action = findAction(on.card, HANDOUT_VERB);
    const res = (await postActivity(
      h.app.url,
      cardAction({
        verb: HANDOUT_VERB,
        data: action.data as Record<string, unknown>,
        from,
        conversation: { id: personalChat(from), conversationType: 'personal' },
        serviceUrl: h.fake.url,
        replyToId: on.activityId,
      }),
    )) as { status: number; body?: unknown };
    await h.app.idle();
    return res;
  }

  beforeEach(async () => {
    h = await Harness.start({
      storage: 'memory',
      teams: 'lenient',
      env: { FAMILY_HANDOUT_CONTACT: '(555) 010-0100' },
    });
  });
  afterEach(async () => {
    await h?.close();
  });

  it('the caseworker presses "Family handout (PDF)": an English and a Spanish link, each a PDF of the plan, once', async () => {
    await handoutRoundtable(h);
    const review = (await sayPersonal(cw, 'my reviews')).at(-1)!;
    const before = h.cards(personalChat(cw)).length;
    const answer = await clickInPersonal(cw, review);
    assert.equal(answer.status, 200);
    const links = h.cards(personalChat(cw)).slice(before);
    assert.equal(links.length, 2, 'one link card per language');
    const expected = { en: 'Returning home to your family', es: 'Volver a casa con su familia' };
    for (const [i, lang] of (['en', 'es'] as const).entries()) {
      const link = downloadLink(links[i]!);
      const res = await openDownload(link, h.app.url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(`family-plan-K\\.W\\.-${lang}\\.pdf`),
      );
      const { text } = await pdfText(new Uint8Array(await res.arrayBuffer()));
      assert.ok(text.includes(expected[lang]), text);
      for (const s of PLAN.steps) assert.ok(text.includes(s.text), s.text);
      assert.ok(text.includes('(555) 010-0100'));
      const leaked = Object.values(INTERNAL).filter((w) => text.includes(w));
      assert.deepEqual(leaked, []);
      assert.equal((await openDownload(link, h.app.url)).status, 410, 'a link works once');
    }
  });

  it('someone on the roster without the plan gets no link and no content', async () => {
    const id = await handoutRoundtable(h);
    const review = (await sayPersonal(cw, 'my reviews')).at(-1)!;
    const before = h.cards(personalChat(mp)).length;
    const answer = await clickInPersonal(mp, review);
    assert.equal(h.cards(personalChat(mp)).length, before, 'no link card');
    const text = JSON.stringify(answer.body ?? answer);
    assert.ok(!text.includes('K.W.') && !text.includes(id) && !text.includes('/api/export#t='), text);
  });
});
