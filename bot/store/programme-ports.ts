import type { PersonRecord } from '../reminders/types.js';
import type { BarrierRegisterEntry } from '../roundtable/barriers.js';
import type { DeletionRecord } from '../roundtable/deletion.js';
import type { DownloadLink } from '../roundtable/export.js';
import type { Roundtable } from '../roundtable/types.js';
import type { Versioned } from './ports.js';

/**
 * What the programme features need from storage, across roundtables: the barrier register,
 * download links, deletion records (container `programme`), and a few cross-roundtable queries.
 */
export interface ProgrammeStore {
  /** Roundtables with this case alias (case-insensitive) in a tenant (`undefined`: chats without one). */
  roundtablesByAlias(alias: string, tenantId: string | undefined): Promise<Roundtable[]>;
  /** Roundtables whose roster names someone in this role. */
  roundtablesWithRole(role: string): Promise<Roundtable[]>;
  /** People the bot has seen, by Entra object id. */
  peopleByAadIds(aadIds: string[]): Promise<PersonRecord[]>;

  /** Creates a register entry once: false when it exists (the same idea registered twice). */
  createBarrier(b: BarrierRegisterEntry): Promise<boolean>;
  getBarrier(id: string): Promise<Versioned<BarrierRegisterEntry> | undefined>;
  /** Replaces under etag; throws EtagConflict when someone else changed it. */
  replaceBarrier(b: BarrierRegisterEntry, etag: string): Promise<void>;
  listBarriers(): Promise<BarrierRegisterEntry[]>;
  /** Deletes the register entries raised in a roundtable; returns how many. */
  deleteBarriersOf(roundtableId: string): Promise<number>;

  createDownload(link: DownloadLink): Promise<void>;
  getDownload(id: string): Promise<Versioned<DownloadLink> | undefined>;
  /** Replaces under etag (marks it used); throws EtagConflict when another request used it first. */
  replaceDownload(link: DownloadLink, etag: string): Promise<void>;
  /** Deletes links that expired before `iso`; returns how many. */
  deleteExpiredDownloads(iso: string): Promise<number>;

  addDeletion(record: DeletionRecord): Promise<void>;
  listDeletions(): Promise<DeletionRecord[]>;

  /** Ids of roundtables whose plan was closed before `iso`. */
  closedPlansBefore(iso: string): Promise<string[]>;
  /** Deletes every document of a roundtable's partition; returns how many. */
  deleteRoundtableDocuments(roundtableId: string): Promise<number>;
  /** Deletes every reminder of a roundtable (pending or not); returns how many were pending. */
  deleteRemindersOf(roundtableId: string): Promise<{ deleted: number; pending: number }>;
}
