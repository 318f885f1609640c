/**
 * The embedded Cosmos-compatible server as its own process (as `npm start` embeds it, keep-alive
 * included), so the cost bench can measure its CPU apart from the bot's. Prints its endpoint.
 */
import { startEmbeddedCosmos } from '../bot/store/database.js';

startEmbeddedCosmos().then(
  (server) => process.stdout.write(`listening on ${server.endpoint}\n`),
  (err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  },
);
