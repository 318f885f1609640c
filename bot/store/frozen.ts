/**
 * The value and everything it holds, frozen: what a store lists from a shared copy (bot/store/cosmos-partition.ts,
 * and the memory twin, so that the domain's tests fail where a caller would change a shared value).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
