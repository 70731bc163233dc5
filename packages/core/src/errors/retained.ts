import { scrubRaw } from './redact.js';

/**
 * The most of a body an error keeps as `raw`: 64 Ki characters of text, or of JSON for an object.
 * An error is logged, inspected, serialized and sent to telemetry; a 25 MB error page must not come
 * along every time.
 */
export const MAX_RETAINED = 64 * 1024;

/**
 * `raw` as an error keeps it: scrubbed of secrets, then, when too long, replaced by a string, the
 * start of its text (its JSON for an object) ending in `…[truncated N characters]`. Scrubbed
 * before it is cut: a secret cut in two would slip past redaction and leave its start.
 */
export function retainRaw(raw: unknown): unknown {
  if (typeof raw === 'string') {
    if (raw.length <= MAX_RETAINED) return scrubRaw(raw);
    // Only twice the cap is redacted, not megabytes; a secret cut at that edge is cut off again below.
    return cut(scrubRaw(raw.slice(0, 2 * MAX_RETAINED)), raw.length);
  }
  const scrubbed = scrubRaw(raw);
  if (scrubbed === null || typeof scrubbed !== 'object' || !exceeds(scrubbed, MAX_RETAINED)) return scrubbed;
  let json: string | undefined;
  try {
    json = JSON.stringify(scrubbed);
  } catch {
    return '[unserializable]';
  }
  return json.length > MAX_RETAINED ? cut(json, json.length) : scrubbed;
}

function cut(text: string, originalLength: number): string {
  return `${text.slice(0, MAX_RETAINED)}…[truncated ${originalLength - MAX_RETAINED} characters]`;
}

/**
 * Whether the JSON of `value` is longer than `limit`, estimated from its strings, keys and
 * leaves, and given up on as soon as the answer is yes (a 25 MB list is not walked to the end).
 */
function exceeds(value: object, limit: number): boolean {
  let size = 0;
  let visited = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    // A cyclic or absurdly wide value counts as large: JSON.stringify decides what becomes of it.
    if (++visited > limit) return true;
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 8;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) stack.push(element);
    } else {
      for (const [key, element] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(element);
      }
    }
    if (size > limit) return true;
  }
  return false;
}
