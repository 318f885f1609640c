import type { Container, SqlQuerySpec } from '@azure/cosmos';

/**
 * A query inside one partition without the query-plan request. @azure/cosmos 4.x (checked on 4.9.3)
 * starts a query-plan POST before every query, partition key or not, and uses its answer only when
 * the gateway refuses to run the query as it is (cross-partition ORDER BY, aggregates …); no
 * FeedOptions turns it off (`forceQueryPlan` only forces it). A single-partition query never needs
 * it, and the Cosmos-compatible server answers a plan request by running the whole query. The SDK
 * skips the request when its iterator already holds a plan promise, so this sets one that answers
 * "no plan"; if the gateway ever asks for a plan anyway, the query runs again the SDK's usual way.
 * test/integration/request-budget.test.ts counts query-plan POSTs, so an SDK change is noticed.
 */
export async function queryOnePartition<R>(
  container: Container,
  spec: SqlQuerySpec,
  partitionKey: string,
): Promise<R[]> {
  const iterator = container.items.query<R>(spec, { partitionKey });
  const internals = iterator as unknown as Record<string, unknown>;
  if (!('queryPlanPromise' in internals)) return (await iterator.fetchAll()).resources;
  internals.queryPlanPromise = Promise.resolve(NO_PLAN);
  const rows: R[] = [];
  try {
    while (iterator.hasMoreResults()) {
      const { resources } = await iterator.fetchNext();
      rows.push(...resources);
    }
    return rows;
  } catch (err) {
    if (err !== NO_PLAN) throw err;
    const { resources } = await container.items.query<R>(spec, { partitionKey }).fetchAll();
    return resources;
  }
}

const NO_PLAN = new Error('no query plan for a single-partition query');
