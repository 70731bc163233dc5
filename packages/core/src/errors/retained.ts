import { scrubRaw } from './redact.js';

/**
 * The most of a body an error keeps as `raw`: 64 Ki characters of text, or of JSON for an object.
 * An error is logged, inspected, serialized and sent to telemetry; a 25 MB error page must not come
 * along every time.
 */
export const MAX_RETAINED = 64 * 1024;

/**
 * `raw` as an error keeps it: scrubbed of secrets, then, when too long, replaced by a string, the
 * start of its text (its JSON for an object) ending in `…[truncated N characters]` (N is exact for
 * text, estimated for an object). Scrubbed before it is cut: a secret cut in two would slip past
 * redaction and leave its start. Only about twice the cap is scrubbed, not megabytes.
 */
export function retainRaw(raw: unknown): unknown {
  if (typeof raw === 'string') {
    if (raw.length <= MAX_RETAINED) return scrubRaw(raw);
    // A secret cut at twice the cap is cut off again below.
    return cut(scrubRaw(raw.slice(0, 2 * MAX_RETAINED)), raw.length);
  }
  if (raw === null || typeof raw !== 'object') return raw;
  const size = jsonSize(raw, 2 * MAX_RETAINED);
  if (size <= MAX_RETAINED) return scrubRaw(raw);
  let json: string;
  try {
    json = JSON.stringify(scrubRaw(prune(raw, { left: 2 * MAX_RETAINED }, 0)));
  } catch {
    return '[unserializable]';
  }
  return json.length > MAX_RETAINED ? cut(json, Math.max(size, json.length)) : json;
}

function cut(text: string, originalLength: number): string {
  return `${text.slice(0, MAX_RETAINED)}…[truncated ${originalLength - MAX_RETAINED} characters]`;
}

const MAX_DEPTH = 32;

/**
 * The length of the JSON of `value`, estimated from its strings, keys and leaves without building
 * it. A value with more than `maxNodes` parts is counted as at least that large, so a cyclic or
 * absurdly wide one ends the walk.
 */
function jsonSize(value: object, maxNodes: number): number {
  let size = 0;
  let visited = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (++visited > maxNodes * 64) return Math.max(size, maxNodes);
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 5;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) stack.push(element);
    } else {
      for (const [key, element] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(element);
      }
    }
  }
  return size;
}

/** A copy of the first `budget.left` characters' worth of `value`: long strings cut, lists and objects stopped. */
function prune(value: unknown, budget: { left: number }, depth: number): unknown {
  if (typeof value === 'string') {
    const kept = value.slice(0, Math.max(0, budget.left));
    budget.left -= kept.length + 2;
    return kept;
  }
  budget.left -= 5;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      if (budget.left <= 0) break;
      out.push(prune(element, budget, depth + 1));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, element] of Object.entries(value)) {
    if (budget.left <= 0) break;
    budget.left -= key.length + 4;
    out[key] = prune(element, budget, depth + 1);
  }
  return out;
}
