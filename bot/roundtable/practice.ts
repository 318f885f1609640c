import type { Preparation } from './records.js';
import type { AgencySettings, Person, Roundtable } from './types.js';

/** The case alias of every practice roundtable: it carries the word PRACTICE onto every card and 1:1 message. */
export const PRACTICE_ALIAS = 'PRACTICE R. siblings';

/** Who "prepared" the built-in case. */
export const PRACTICE_AUTHOR: Person = { id: 'practice-case', name: 'Training material (fictional case)' };

/** Reports, registers and follow-up lists count real roundtables only. */
export function inReports(rt: Pick<Roundtable, 'practice'>): boolean {
  return rt.practice !== true;
}

/** When a practice roundtable started now is deleted. */
export function practiceDeleteAfter(now: Date, settings: AgencySettings): string {
  return new Date(now.getTime() + settings.practiceRetentionDays * 86_400_000).toISOString();
}

/**
 * The built-in fictional case for practice roundtables and demos: a sibling group with a history
 * and what has been tried. Invented for training; it describes no real child or family.
 */
export function practicePreparation(now: Date): Preparation {
  const iso = now.toISOString();
  return {
    caseAlias: PRACTICE_ALIAS,
    preparedBy: PRACTICE_AUTHOR,
    practice: true,
    youthLiving:
      'M.R. (14) said: "I want to stay with my brother and sister. I would like to live with Aunt D. if she has room, ' +
      'or somewhere near my school so I can keep playing in the band." L.R. (10) wants "a house with a dog where we are all together".',
    youthMatters:
      'Their older cousin T., who visits on Sundays; the band teacher; their grandmother, whom they have not seen for two years; ' +
      'each other. M.R. asked that the roundtable "does not split us up".',
    family:
      'The mother said she loves the children, is in recovery and wants to stay part of their lives even if they cannot come home. ' +
      'Aunt D. (mother’s sister) said she would consider guardianship but worries about space and money.',
    stakeholders:
      'Foster carer: the children are settled but the placement is short-term. School: M.R. is doing well in music, struggling in maths. ' +
      'Guardian ad litem: supports keeping the siblings together.',
    summary: {
      children: [
        { alias: 'M.R.', age: 14 },
        { alias: 'L.R.', age: 10 },
        { alias: 'A.R.', age: 5 },
      ],
      timeInCare: 'Three years (the younger two since A.R. was two).',
      placement: 'Together in a short-term foster home since last spring; their fourth placement.',
      legalStatus: 'In care under a court order; reunification was ruled out last year.',
      currentGoal: 'Adoption (concurrent: guardianship with a relative).',
      connections:
        'Mother (monthly supervised visits), Aunt D., cousin T., grandmother (contact lost), band teacher.',
      strengths:
        'Close sibling bond; M.R. is a caring older sister and a keen musician; L.R. is curious and sporty.',
      needs: 'A permanent home for all three; A.R. needs speech therapy; M.R. wants a say in decisions.',
      tried:
        'Two adoption recruitment profiles (no match for three siblings); a kinship assessment of Aunt D. paused over housing; ' +
        'family finding has not yet searched the father’s side.',
    },
    createdAt: iso,
    updatedAt: iso,
  };
}
