// The template language, on purpose tiny so that the templates stay real, linted source files:
// - a placeholder is a token like `__PROVIDER_ID__`, replaced everywhere, file names included;
// - a line whose only content is a comment `#if flag`, `#if !flag` or `#endif` (after `//`, `#` or
//   inside `<!-- -->`) keeps or drops the lines up to its `#endif`, and is itself dropped.
// A file that renders to nothing but whitespace is not written.

const DIRECTIVE = /^\s*(?:\/\/|#|<!--)\s*#(if|endif)\b\s*(!?)([\w-]*)\s*(?:-->)?\s*$/;

/** Renders one template; throws on unbalanced directives or a placeholder left without a value. */
export function render(
  template: string,
  flags: ReadonlySet<string>,
  values: Readonly<Record<string, string>>,
  where: string,
): string {
  const kept: string[] = [];
  const stack: boolean[] = [];
  const lines = template.split('\n');
  lines.forEach((line, index) => {
    const directive = DIRECTIVE.exec(line);
    if (directive === null) {
      if (stack.every(Boolean)) kept.push(line);
      return;
    }
    const [, keyword, negated, flag] = directive;
    if (keyword === 'if') {
      if (flag === '') throw new Error(`${where}:${index + 1}: #if without a flag`);
      stack.push(flags.has(flag!) !== (negated === '!'));
    } else if (stack.pop() === undefined) {
      throw new Error(`${where}:${index + 1}: #endif without #if`);
    }
  });
  if (stack.length > 0) throw new Error(`${where}: ${stack.length} #if without #endif`);
  return replacePlaceholders(kept.join('\n'), values, where);
}

export function replacePlaceholders(text: string, values: Readonly<Record<string, string>>, where: string): string {
  const out = text.replace(/__[A-Za-z]+(?:_[A-Za-z]+)*__/g, (token) => {
    const value = values[token];
    if (value === undefined) throw new Error(`${where}: no value for the placeholder ${token}`);
    return value;
  });
  return out;
}
