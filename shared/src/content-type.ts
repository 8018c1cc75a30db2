/** The `type/subtype` of a Content-Type or mimetype, parameters dropped, lowercased. */
export function baseContentType(value: string): string {
  return value.split(';')[0]!.trim().toLowerCase();
}
