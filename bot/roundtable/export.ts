import { createHash, randomBytes } from 'node:crypto';
import { setCaseNumber } from './case-number.js';
import { type ChildView, chainChildView } from './child-record.js';
import type { ChildRecordStore } from './child-types.js';
import { retryOnConflict } from './etag-retry.js';
import type { FidelityItem } from './fidelity.js';
import { caseChain, type PermanencyHistoryRow, permanencyHistory } from './follow-up-roundtable.js';
import { fail, type Outcome, ok } from './outcome.js';
import { type Actor, inThisChat, isFacilitator, rosterRole } from './permissions.js';
import type { PreparationStore, ProgrammeStore, RoundtableStore } from './ports.js';
import { preparationVisible } from './preparation.js';
import type { ProgrammeAggregateStore } from './programme-view.js';
import type { DownloadLink } from './records.js';
import { type RoundtableRecord, roundtableRecord } from './roundtable-record.js';
import type { ActionPlan, AgencySettings, CaseSummary, Contribution, PlanStep, Roundtable } from './types.js';

/** Everything the case file holds, read in one go (the Word document is rendered from this). */
export interface CaseFileRecord {
  roundtable: Roundtable;
  caseSummary?: CaseSummary;
  contributions: Contribution[];
  plan: ActionPlan;
  fidelity: FidelityItem[];
  /** What the roundtable holds (roundtable-record.ts): the one source of the case file and the plan export. */
  held: RoundtableRecord;
  /** Earlier roundtables of the case (oldest first), with their steps, for the follow-up history. */
  earlier: { roundtable: Roundtable; plan?: ActionPlan; steps: PlanStep[] }[];
  permanencyHistory: PermanencyHistoryRow[];
  /** Each child of the case with its permanency record (#25): ratings with dates, outcome (child-record.ts). */
  children?: ChildView[];
  settings: AgencySettings;
  exportedAt: string;
}

export interface CaseFileExportDeps {
  roundtables: RoundtableStore;
  programme: ProgrammeStore;
  /** The tenant's roundtables, for the bulk plan export (the programme view's tenant-scoped read). */
  aggregates?: Pick<ProgrammeAggregateStore, 'sources'>;
  /** The preparation (youth and family voice) and the barrier answers; without it the record has neither. */
  records?: PreparationStore;
  settings: AgencySettings;
  /** Each child's permanency record (#25); without it the case file derives the children from the plans. */
  children?: ChildRecordStore;
  /** Minutes a download link lives. */
  linkMinutes: number;
  now?: () => Date;
}

/** An earlier roundtable of the case in an export: the exporter facilitated it or was its caseworker, same tenant. */
function mayExportEarlier(earlier: Roundtable, rt: Roundtable, personId: string): boolean {
  if ((earlier.chat.tenantId ?? '') !== (rt.chat.tenantId ?? '')) return false;
  return earlier.facilitatorIds.includes(personId) || rosterRole(earlier, personId) === 'caseworker';
}

/** The hashed id under which a token's link is stored. */
export function downloadId(token: string): string {
  return `dl-${createHash('sha256').update(token).digest('hex')}`;
}

/** Case-file exports and the download links that deliver them (and the barrier CSV) privately. */
export class CaseFileExport {
  private readonly now: () => Date;

  constructor(private readonly deps: CaseFileExportDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The facilitator and the caseworker on the roster may export the record of their chat's roundtable. */
  async mayExport(actor: Actor, rt: Roundtable): Promise<Outcome<true>> {
    if (!inThisChat(rt, actor)) return fail('not-found', 'No roundtable of this chat to export.');
    if (rosterRole(rt, actor.person.id) === 'caseworker' || (await isFacilitator(rt, actor))) return ok(true);
    return fail('forbidden', 'The facilitator and the caseworker can export the case file.');
  }

  /** `case number <alias> <number>` in the 1:1 chat: a plan owner sets the protected case number. */
  setCaseNumber(actor: Actor, alias: string, caseNumber: string): Promise<Outcome<{ caseAlias: string }>> {
    return setCaseNumber(this.deps, actor, alias, caseNumber, this.now);
  }

  /** Makes a single-use link for `personId` and returns its token (given out once, never stored). */
  async createLink(
    kind: DownloadLink['kind'],
    personId: string,
    roundtableId?: string,
    tenantId?: string,
    period?: { from: string; to: string },
    lang?: string,
  ): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.deps.linkMinutes * 60_000).toISOString();
    await this.deps.programme.createDownload({
      id: downloadId(token),
      kind,
      ...(roundtableId ? { roundtableId } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(period ? { period } : {}),
      ...(lang ? { lang } : {}),
      personId,
      createdAt: now.toISOString(),
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** Uses a link once: unknown, expired or used links are refused (and an expired one is the same as unknown). */
  async redeem(token: unknown): Promise<Outcome<DownloadLink>> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(token))
      return fail('not-found', 'This download link is not valid.');
    const used = 'This download link has been used already. Ask the bot for a new one.';
    return retryOnConflict(
      async (): Promise<Outcome<DownloadLink>> => {
        const found = await this.deps.programme.getDownload(downloadId(token));
        if (!found) return fail('not-found', 'This download link is not valid.');
        const now = this.now().toISOString();
        if (found.value.usedAt) return fail('closed', used);
        if (found.value.expiresAt <= now)
          return fail('closed', 'This download link has expired. Ask the bot for a new one.');
        await this.deps.programme.replaceDownload({ ...found.value, usedAt: now }, found.etag);
        return ok(found.value);
      },
      // Every attempt lost to another request: another request used the link.
      { attempts: 4, backoff: false, exhausted: () => fail('closed', used) },
    );
  }

  /** Ids of a tenant's real (not practice) roundtables started in the period (ISO dates, inclusive), oldest first. */
  async tenantRoundtables(
    tenantId: string | undefined,
    period: { from: string; to: string },
  ): Promise<string[]> {
    if (!this.deps.aggregates) return [];
    const { sources } = await this.deps.aggregates.sources(tenantId);
    return sources
      .map((s) => s.rt)
      .filter((rt) => (rt.chat.tenantId ?? '') === (tenantId ?? '') && !rt.practice)
      .filter((rt) => rt.createdAt.slice(0, 10) >= period.from && rt.createdAt.slice(0, 10) <= period.to)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((rt) => rt.id);
  }

  /**
   * Reads the whole record of a roundtable for the case file. Earlier roundtables of the case are included
   * only when the exporter (`exporterId`) may see each of them by the same rule: its facilitator or its
   * caseworker, in the same tenant (without an exporter, none).
   */
  async record(roundtableId: string, exporterId?: string): Promise<CaseFileRecord | undefined> {
    const { roundtables, settings } = this.deps;
    const rt = (await roundtables.getRoundtable(roundtableId))?.value;
    if (!rt) return undefined;
    const records = this.deps.records;
    const [contributions, summary, plan, prep, barriers] = await Promise.all([
      roundtables.listContributions(rt.id),
      roundtables.getCaseSummary(rt.id),
      roundtables.getPlan(rt.id),
      records?.getPreparation(rt.id),
      records ? records.listBarriers(rt.id) : Promise.resolve(undefined),
    ]);
    const chain = await caseChain(roundtables, rt);
    const earlier = [];
    for (const r of chain.slice(0, -1)) {
      if (!exporterId || !mayExportEarlier(r, rt, exporterId)) continue;
      earlier.push({
        roundtable: r,
        plan: (await roundtables.getPlan(r.id))?.value,
        steps: (await roundtables.listContributions(r.id)).filter(
          (c): c is PlanStep => c.kind === 'step' && !c.withdrawn,
        ),
      });
    }
    const thePlan = plan?.value ?? { ratings: {}, draft: true };
    const childViews = await chainChildView(
      { store: roundtables, ...(this.deps.children ? { children: this.deps.children } : {}) },
      rt,
    );
    const now = this.now();
    const stored = prep?.value;
    const preparation = preparationVisible(rt, stored) ? stored : undefined;
    const held = roundtableRecord(
      {
        roundtable: rt,
        contributions,
        ...(summary ? { caseSummary: summary.value } : {}),
        plan: thePlan,
        ...(preparation ? { preparation } : {}),
        ...(barriers ? { barriers } : {}),
      },
      settings,
      now,
    );
    return {
      roundtable: rt,
      ...(summary ? { caseSummary: summary.value } : {}),
      contributions: contributions.filter((c) => !c.withdrawn),
      plan: thePlan,
      fidelity: held.fidelity,
      held,
      earlier,
      permanencyHistory: permanencyHistory([
        ...earlier.map((e) => ({ roundtable: e.roundtable, plan: e.plan })),
        { roundtable: rt, plan: thePlan },
      ]),
      children: childViews,
      settings,
      exportedAt: now.toISOString(),
    };
  }
}
