/** A SQL identifier, double-quoted (as pg's escapeIdentifier, without needing a client). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
