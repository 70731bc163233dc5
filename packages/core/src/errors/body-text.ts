/** The message needs the start of a page; scanning no further keeps the tag-stripping regexes cheap. */
const MAX_SCANNED = 64 * 1024;

const HTML = /<(?:!doctype|html|head|body|title|h1|p|div|center|pre)\b/i;

/**
 * Text for humans from a text or HTML error body: an HTML page's title when it has one, else its
 * text with tags, scripts and styles stripped; whitespace collapsed either way.
 */
export function bodyText(body: string): string {
  const scanned = body.slice(0, MAX_SCANNED);
  if (!HTML.test(scanned)) return scanned.replace(/\s+/g, ' ').trim();
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(scanned)?.[1];
  const source =
    title !== undefined && title.trim() !== '' ? title : scanned.replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ');
  return source
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
