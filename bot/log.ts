import pino from 'pino';

/** Structured logs: ids, event names and durations only; never text that people typed. */
export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'roundtable-bot' },
      // Belt and braces: these keys never reach the log even if a caller passes them.
      redact: { paths: ['text', 'card', 'value', 'body', '*.text', '*.value'], censor: '[redacted]' },
    },
    destination,
  );
}
