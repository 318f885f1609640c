import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** Structured logs: ids, event names and durations only; never text that people typed. */
export type Logger = pino.Logger;

/** The HTTP request being served, so every log line written for it carries its id. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'roundtable-bot' },
      mixin: () => requestContext.getStore() ?? {},
      // Belt and braces: these keys never reach the log even if a caller passes them.
      redact: {
        paths: [
          'text',
          'card',
          'value',
          'body',
          '*.text',
          '*.value',
          'authorization',
          '*.authorization',
          'password',
          'key',
          'connectionString',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
