import type { BotFrameworkAuthentication, ConnectorClient, ConnectorFactory } from 'botframework-connector';
import type { RateLimiter } from './rate-limiter.js';

/** The connector client's one door to HTTP: every operation (send, reply, edit, delete, members) goes through it. */
type OperationSender = (args: Record<string, unknown>, spec: unknown, callback?: unknown) => Promise<unknown>;

/**
 * Puts every Bot Connector call of this app through one limiter: each operation waits for a slot in its
 * thread's windows (when it names a conversation) and in this instance's share of the per-app budget.
 * Retries by the caller (sendWithRetry) come back through here, so they take slots too.
 */
export function limitConnectorCalls(auth: BotFrameworkAuthentication, limiter: RateLimiter): void {
  // Proactive calls (continueConversationAsync, createConversationAsync) make their connector here ...
  const createFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => limitedFactory(createFactory(identity), limiter);
  // ... and a turn gets its connector with the request's authentication.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: limitedFactory(result.connectorFactory, limiter) }
      : result;
  };
}

function limitedFactory(factory: ConnectorFactory, limiter: RateLimiter): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) =>
      limitedClient(await factory.create(serviceUrl, audience), limiter),
  } as ConnectorFactory;
}

/** Wraps one connector client's operation sender (the client is made per turn or proactive call). */
export function limitedClient(client: ConnectorClient, limiter: RateLimiter): ConnectorClient {
  const holder = client as unknown as { sendOperationRequest: OperationSender };
  const send = holder.sendOperationRequest.bind(client);
  holder.sendOperationRequest = async (args, spec, callback) => {
    const conversationId = typeof args?.conversationId === 'string' ? args.conversationId : undefined;
    await limiter.acquire(conversationId);
    return send(args, spec, callback);
  };
  return client;
}
