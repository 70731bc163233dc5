import { UsageError } from '../errors.js';

/**
 * A machine, job or endpoint id as typed. It becomes a segment of a request path, so an empty one,
 * `.` or `..`, or one with a separator, a space or a control character cannot name anything: say so
 * here, naming the argument (`<id>`) or flag (`--endpoint`), instead of sending the request.
 */
export function parseId(name: string, text: string): string {
  const id = text.trim();
  const problem =
    id === ''
      ? 'it is empty'
      : id === '.' || id === '..'
        ? `"${id}" is a path segment, not an id`
        : // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects.
          /[\s/\\?#%\u0000-\u001f\u007f]/.test(id)
          ? 'an id has no spaces, slashes, ?, #, % or control characters'
          : undefined;
  if (problem !== undefined) throw new UsageError(`${name} ${JSON.stringify(text)} is not an id: ${problem}.`);
  return id;
}
