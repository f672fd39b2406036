/**
 * Encodes a job reference as an opaque, URL-safe, stable id (base64url of
 * `instance:fullName`). Ids are only ever accepted when the entity's
 * annotation names the job they decode to.
 *
 * @public
 */
export function encodeJobId(instance: string, fullName: string): string {
  const bytes = new TextEncoder().encode(`${instance}:${fullName}`);
  let binary = '';
  bytes.forEach(b => {
    binary += String.fromCharCode(b);
  });
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Decodes {@link encodeJobId}; undefined for anything that is not such an id.
 *
 * @public
 */
export function decodeJobId(
  id: string,
): { instance: string; fullName: string } | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    return undefined;
  }
  try {
    const binary = atob(id.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1) {
      return undefined;
    }
    return { instance: text.slice(0, colon), fullName: text.slice(colon + 1) };
  } catch {
    return undefined;
  }
}
