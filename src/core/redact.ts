/**
 * Removes credentials from text bound for a log: Authorization values, Nextmv-Signature values and any of
 * the given secret strings.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text
    .replace(/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, (_m, p: string, b?: string) => `${p}${b ?? ''}[redacted]`)
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]');
  for (const s of secrets) {
    if (s) out = out.split(s).join('[redacted]');
  }
  return out;
}
