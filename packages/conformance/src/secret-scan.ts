/**
 * Finds a secret in text, in the encodings a careless provider writes it in: plain, URL-encoded,
 * hex, and base64 or base64url at any byte alignment (a secret inside a larger encoded blob, such
 * as a base64 `Authorization: Basic` value or an encoded env map, starts mid-group).
 */

/** Alignment-independent base64 fragments of a secret: the characters every encoding of it shares. */
function base64Fragments(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const fragments: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = Buffer.from(padded).toString('base64');
    // Leading characters carry bits of the padding; the last group may carry the next byte's bits.
    const skip = [0, 2, 3][offset] ?? 0;
    const fragment = encoded.slice(skip, encoded.length - 4);
    if (fragment.length >= 8) fragments.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return fragments;
}

/** Each encoding of a secret worth looking for, with its name. */
export function secretForms(secret: string): { form: string; text: string }[] {
  const forms = [
    { form: 'plain', text: secret },
    { form: 'URL-encoded', text: encodeURIComponent(secret) },
    { form: 'hex', text: Buffer.from(secret).toString('hex') },
    ...base64Fragments(secret).map((text) => ({ form: 'base64', text })),
  ];
  return forms.filter((f, i) => forms.findIndex((g) => g.text === f.text) === i);
}

/** The leaks of any of the secrets in `text`, as "<label> (<form>)" (empty when clean). */
export function findLeaks(text: string, secrets: readonly { label: string; value: string }[]): string[] {
  const lower = text.toLowerCase();
  return secrets.flatMap(({ label, value }) =>
    secretForms(value)
      .filter(({ form, text: t }) => (form === 'hex' ? lower.includes(t) : text.includes(t)))
      .map(({ form }) => `${label} (${form})`),
  );
}

/** Everything an error carries that a log line or a report could print. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Error) parts.push(current.name, current.message, current.stack ?? '');
    try {
      parts.push(JSON.stringify(current) ?? '');
    } catch {
      parts.push(String(current));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}
