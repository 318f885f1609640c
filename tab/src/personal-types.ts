/** What the personal app's API answers, as the page reads it (the server builds its answers to these types). */

/** One plan step as the personal page lists it. */
export interface MyStep {
  roundtableId: string;
  stepId: string;
  caseAlias: string;
  /** A practice roundtable's step (never real case work). */
  practice: boolean;
  text: string;
  owner: string;
  dueDate: string;
  status: string;
  overdueDays: number;
  reason?: string;
  lastNote?: string;
  /** When the plan's next follow-up review is due (YYYY-MM-DD). */
  nextReview?: string;
}
