/**
 * The family handout (issue #29 item 3): the agency's contact line printed under "Who to call"
 * (FAMILY_HANDOUT_CONTACT, e.g. "Riverside Children's Services, (555) 010-0100, Monday to Friday 8 to 5").
 */
import { z } from 'zod';

/** The environment variables this file reads (spread into bot/config.ts's schema). */
export const HANDOUT_ENV = {
  /** The agency's line on every family handout: name, phone, hours (no case content). */
  FAMILY_HANDOUT_CONTACT: z
    .string()
    .trim()
    .max(200, 'FAMILY_HANDOUT_CONTACT: at most 200 characters (one line on the handout)')
    .regex(/^[^\r\n]*$/, 'FAMILY_HANDOUT_CONTACT: one line')
    .optional(),
};

/** The family handout's configuration. */
export interface HandoutConfig {
  /** The agency's contact line; unset: the handout names the caseworker and supervisor only. */
  contactLine?: string;
}

/** Reads the handout's configuration from the validated environment. */
export function handoutConfig(e: { FAMILY_HANDOUT_CONTACT?: string }): HandoutConfig {
  return e.FAMILY_HANDOUT_CONTACT ? { contactLine: e.FAMILY_HANDOUT_CONTACT } : {};
}
