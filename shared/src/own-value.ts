/** `record[key]` for a key from outside, own properties only: a plain lookup of `constructor` or
 * `__proto__` finds Object's members instead of undefined. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `record[key] = value` that keeps a key such as `__proto__` as data instead of replacing the
 * record's prototype. */
export function setOwnValue<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
