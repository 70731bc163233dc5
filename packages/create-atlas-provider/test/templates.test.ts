import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ProviderAnswers, renderAll } from '../src/generate.js';
import type { PackageManager } from '../src/package-manager.js';
import { GENERATED_CAPABILITIES, providerIdProblem } from '../src/validate.js';

// The end-to-end run (scripts/test-create-provider.mjs) builds and tests the generated package with
// every capability and with none; these checks cover every other combination cheaply.

const managers: PackageManager[] = [
  { name: 'npm' },
  { name: 'pnpm', version: '12.4.2' },
  { name: 'yarn', version: '1.22.22' },
];

/** Every subset of the generated capabilities. */
const subsets = Array.from({ length: 2 ** GENERATED_CAPABILITIES.length }, (_, mask) =>
  GENERATED_CAPABILITIES.filter((_, bit) => (mask >> bit) & 1),
);

const answers = (capabilities: ProviderAnswers['capabilities'], packageManager: PackageManager): ProviderAnswers => ({
  directory: '/nonexistent/atlas-provider-my-cloud',
  providerId: 'my-cloud',
  packageName: 'atlas-provider-my-cloud',
  baseUrl: 'https://api.my-cloud.example/v1/',
  apiKeyEnv: 'MY_CLOUD_API_KEY',
  capabilities,
  packageManager,
});

describe('every template under every combination of capabilities and package managers', () => {
  it('renders with no placeholder or directive left', () => {
    for (const capabilities of subsets) {
      for (const pm of managers) {
        for (const [path, text] of renderAll(answers(capabilities, pm))) {
          const where = `${path} with [${capabilities.join(', ')}] on ${pm.name}`;
          expect(text, where).not.toMatch(/__[A-Za-z]+(?:_[A-Za-z]+)*__/);
          expect(text, where).not.toMatch(/^\s*(?:\/\/|#|<!--)\s*#(?:if|endif)\b/m);
        }
      }
    }
  });

  it('declares exactly the chosen capabilities and includes only their operations', () => {
    for (const capabilities of subsets) {
      const provider = renderAll(answers(capabilities, managers[0]!)).get('src/my-cloud-provider.ts')!;
      expect(provider).toContain(`capabilities: [${capabilities.map((c) => `'${c}'`).join(', ')}]`);
      expect(provider.includes('listGpuTypes,'), 'listGpuTypes').toBe(capabilities.includes('gpu_catalog'));
      expect(provider.includes("stop: (id, ctx) => action(id, 'stop', ctx)")).toBe(capabilities.includes('stop_start'));
      expect(provider.includes('unsupported: {')).toBe(!capabilities.includes('stop_start'));
    }
  });

  it('writes dotfiles from their underscore names and the yarn config only for yarn', () => {
    const npm = renderAll(answers([], managers[0]!));
    expect([...npm.keys()]).toEqual(
      expect.arrayContaining(['.gitignore', '.github/workflows/ci.yml', '.changeset/config.json', 'package.json']),
    );
    expect(
      [...npm.keys()].filter((path) => path.startsWith('_') || path.includes('/_') || path.includes('.template.')),
    ).toEqual([]);
    expect(npm.has('.yarnrc.yml')).toBe(false);
    expect(renderAll(answers([], managers[2]!)).has('.yarnrc.yml')).toBe(true);
  });
});

describe('the generated package.json', () => {
  const manifest = JSON.parse(renderAll(answers([], managers[0]!)).get('package.json')!);
  const workspace = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

  it('takes @atlas/core as a peer dependency and @atlas/conformance as a dev dependency, at the released versions', () => {
    const core = workspace('../../core/package.json').version;
    const conformance = workspace('../../conformance/package.json').version;
    expect(manifest.peerDependencies).toEqual({ '@atlas/core': `^${core}` });
    expect(manifest.devDependencies['@atlas/core']).toBe(`^${core}`);
    expect(manifest.devDependencies['@atlas/conformance']).toBe(`^${conformance}`);
    expect(manifest.dependencies).not.toHaveProperty('@atlas/conformance');
  });

  it('has the Node floor of the Atlas packages', () => {
    expect(manifest.engines).toEqual(workspace('../../core/package.json').engines);
  });

  it('asks for the versions of typescript, vitest, nock and valibot the workspace is tested with', () => {
    const used = {
      ...workspace('../../core/package.json').dependencies,
      ...workspace('../../core/package.json').devDependencies,
      ...workspace('../../../package.json').devDependencies,
    };
    const floor = (range: string) => range.replace(/^[\^~]/, '');
    for (const name of ['typescript', 'vitest', 'nock', 'valibot', '@changesets/cli']) {
      const ours = manifest.dependencies[name] ?? manifest.devDependencies[name];
      expect(floor(ours), name).toBe(floor(used[name]));
    }
  });
});

it('refuses every provider id whose default instance would clash with a name of the provider module', () => {
  const provider = renderAll(answers([...GENERATED_CAPABILITIES], managers[0]!)).get('src/my-cloud-provider.ts')!;
  const declared = [...provider.matchAll(/^(?:export )?(?:async function|function|const) ([a-z]\w*)/gm)].map(
    (m) => m[1]!,
  );
  const imported = [...provider.matchAll(/^import \{([^}]+)\}/gm)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((name) => name.trim())
      .filter((name) => /^[a-z]\w*$/.test(name)),
  );
  const names = [...declared, ...imported].filter((name) => name !== 'myCloud' && name !== 'createMyCloud');
  expect(names.length).toBeGreaterThan(10);
  for (const name of names) {
    // `listGpuTypes` is what the id `list-gpu-types` would name its default instance.
    const id = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    expect(providerIdProblem(id), id).toContain('reserved or already used');
  }
});
