import type { Logger } from './log.js';

/** The optional package that exports traces, metrics and logs to Application Insights. */
export const AZURE_MONITOR_PACKAGE = '@azure/monitor-opentelemetry';

/** What startTelemetry did, and how to flush it at shutdown. */
export interface Telemetry {
  mode: 'off' | 'sdk' | 'agent';
  shutdown(): Promise<void>;
}

interface AzureMonitorModule {
  useAzureMonitor(options: { azureMonitorExporterOptions: { connectionString: string } }): void;
  shutdownAzureMonitor(): Promise<void>;
}

/**
 * Turns on Azure Monitor (OpenTelemetry) export when a connection string is set. Call it before
 * the app's modules load, so HTTP and Cosmos calls are instrumented.
 *
 * The hook: when `@azure/monitor-opentelemetry` is installed it is used in process; when it is not
 * (the default, to keep the deployment small) the App Service Application Insights agent that
 * infra/ switches on (ApplicationInsightsAgent_EXTENSION_VERSION=~3) collects requests and
 * dependencies, and the bot's pino logs reach Log Analytics as App Service console logs.
 *
 * What either records of a request is its URL, never its body: so no secret may ride in a URL. Download tokens
 * ride in the link's fragment (never sent) and reach the server in a POST body (bot/http/downloads.ts).
 */
export function startTelemetry(
  connectionString: string | undefined,
  log: Logger,
  load: (name: string) => unknown = require,
): Telemetry {
  if (!connectionString) return { mode: 'off', shutdown: async () => {} };
  let monitor: AzureMonitorModule;
  try {
    monitor = load(AZURE_MONITOR_PACKAGE) as AzureMonitorModule;
  } catch {
    log.info(
      { event: 'telemetry.agent', package: AZURE_MONITOR_PACKAGE },
      'Azure Monitor package not installed: relying on the App Service Application Insights agent',
    );
    return { mode: 'agent', shutdown: async () => {} };
  }
  monitor.useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  log.info({ event: 'telemetry.started' }, 'Azure Monitor export on');
  return { mode: 'sdk', shutdown: () => monitor.shutdownAzureMonitor() };
}
