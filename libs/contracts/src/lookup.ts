/**
 * The entry a record holds under `key` as its own property, or undefined. Keys that come from
 * messages (a channel, a category, a type) are user data, and `record[key]` on a plain object also
 * finds what every object inherits: `constructor`, `__proto__`, `toString` are no entries of it.
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
