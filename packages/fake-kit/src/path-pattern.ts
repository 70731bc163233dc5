/**
 * Compiles a path pattern into an anchored regular expression: `{name}` segments capture one
 * segment each (`/v2/pods/{id}`), a trailing `*` matches any rest (`/api/v1/instances*`), and
 * everything else is literal.
 */
export function compilePathPattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const prefix = pattern.endsWith('*');
  const source = (prefix ? pattern.slice(0, -1) : pattern)
    .split('/')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}${prefix ? '.*' : ''}$`), names };
}
