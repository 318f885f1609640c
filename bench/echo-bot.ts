/**
 * The baseline: a bare CloudAdapter bot (local mode, no storage) that answers an Action.Execute with a
 * small card echoing the verb. Prints its URL; run by bench/run.ts as a child process.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';

class EchoBot extends ActivityHandler {
  protected override async onAdaptiveCardInvoke(
    _context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `Echo: ${value.action.verb}`, wrap: true }],
    };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoBot();
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    adapter
      .process(
        { body, headers: req.headers, method: req.method } as never,
        {
          status: (code: number) => {
            res.statusCode = code;
          },
          header: (name: string, value: unknown) => res.setHeader(name, String(value)),
          send: (b?: unknown) => {
            if (b !== undefined) res.setHeader('content-type', 'application/json');
            res.end(b === undefined ? undefined : JSON.stringify(b));
          },
          end: () => res.end(),
          socket: res.socket,
        } as never,
        (context) => bot.run(context),
      )
      .catch(() => {
        res.statusCode = 500;
        res.end();
      });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`echo listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`);
});
