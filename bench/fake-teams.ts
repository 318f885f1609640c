/** The fake Bot Connector (not strict) as its own process, so a bench measures the bot's CPU apart. Prints its URL. */
import { FakeConnector } from '../test/support/fake-connector.js';

FakeConnector.start({ strict: false }).then(
  (fake) => process.stdout.write(`listening on ${fake.url}\n`),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
