import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/** A secret-looking value nobody else could have written: `label-<24 hex>`. */
export function canary(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

/** The forms of a secret that must never appear: the value, its base64 and base64url encodings. */
export function forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const padless = (s: string) => s.replace(/=+$/, '');
  return [secret, padless(bytes.toString('base64')), padless(bytes.toString('base64url'))];
}

/**
 * Which secrets (by label) appear in any of the texts: the values themselves, or with `encoded`,
 * their base64 and base64url forms in the outputs named `raw` (the promise for encoded forms is
 * about `raw`, which carries the provider's own bodies).
 */
export function leaks(
  texts: Readonly<Record<string, string>>,
  secrets: Readonly<Record<string, string>>,
  { encoded = false }: { encoded?: boolean } = {},
): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    if (encoded && !where.includes('raw')) continue;
    for (const [label, secret] of Object.entries(secrets)) {
      const looked = encoded ? forms(secret).slice(1) : [secret];
      for (const form of looked)
        if (text.includes(form)) found.push(`${label}${encoded ? ' (base64)' : ''} in ${where}`);
    }
  }
  return [...new Set(found)];
}

/**
 * Every way an error reaches a log or a user: its message, String(), stack, toJSON, util.inspect,
 * each link of its cause chain, raw, details and issues.
 */
export function errorOutputs(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  let link: unknown = error;
  for (let depth = 0; link !== undefined && link !== null && depth < 8; depth++) {
    const at = depth === 0 ? 'error' : `cause[${depth}]`;
    if (link instanceof Error) {
      out[`${at}.message`] = link.message;
      out[`${at}.stack`] = link.stack ?? '';
    }
    out[`String(${at})`] = String(link);
    out[`${at}.toJSON`] = safeJson(link);
    out[`inspect(${at})`] = inspect(link, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    const fields = link as { raw?: unknown; details?: unknown; issues?: unknown };
    out[`${at}.raw`] = safeJson(fields.raw);
    out[`${at}.details`] = safeJson(fields.details);
    out[`${at}.issues`] = safeJson(fields.issues);
    link = (link as { cause?: unknown }).cause;
  }
  return out;
}

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return inspect(value, { depth: Number.POSITIVE_INFINITY });
  }
}
