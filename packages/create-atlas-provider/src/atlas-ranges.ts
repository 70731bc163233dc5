import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The @atlas ranges the generated package depends on: the ones this scaffolder was released with.
 * Its package.json lists @atlas/core and @atlas/conformance as `workspace:^`, which `pnpm pack`
 * rewrites to the released range (`^0.1.0`); run from the repository, the workspace's versions.
 */
export function atlasRanges(): { core: string; conformance: string } {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const rangeOf = (name: string): string => {
    const range = manifest.devDependencies[name];
    if (range === undefined) throw new Error(`@atlas/create-provider's package.json lacks ${name}`);
    if (!range.startsWith('workspace:')) return range;
    const require = createRequire(import.meta.url);
    const { version } = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as {
      version: string;
    };
    return `^${version}`;
  };
  return { core: rangeOf('@atlas/core'), conformance: rangeOf('@atlas/conformance') };
}
