/** HTTP headers as both sides see them: the signature header's name, and lookup by name in any case. */

/** The header Nextmv signs deliveries with. */
export const SIGNATURE_HEADER = 'Nextmv-Signature';

/** A header's value by name, whatever the case (header names are case-insensitive); a record or name/value pairs. */
export function headerValue(headers: Readonly<Record<string, string>> | readonly (readonly [string, string])[] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  if (Array.isArray(headers)) return (headers as readonly (readonly [string, string])[]).find(([n]) => n.toLowerCase() === wanted)?.[1];
  const record = headers as Readonly<Record<string, string>>;
  for (const k in record) if (k.toLowerCase() === wanted) return record[k];
  return undefined;
}
