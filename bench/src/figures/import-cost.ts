import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../config.js';
import type { FigureResult } from '../row.js';
import { median, ratio } from '../stats.js';

/** bench/ (this file is bench/dist/figures/…): both packages resolve from there; ky is a dependency of bench at core's exact version. */
const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));

interface ImportRun {
  /** The whole child process, as `time node -e ...` would show it. */
  readonly wallMs: number;
  /** Only the `await import()`, measured inside the child: Node's own start-up is left out. */
  readonly importMs: number;
}

function coldImport(specifier: string): ImportRun {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: BENCH_DIR,
    encoding: 'utf8',
  });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`node -e "await import('${specifier}')" failed: ${child.stderr}`);
  return { wallMs, importMs: Number(child.stdout.trim()) };
}

/**
 * Figure 5a: a cold `node -e "await import('@atlas/runpod')"` vs the same for `ky` alone, each in a
 * fresh child process, alternating, median of several runs.
 */
export async function importCost(config: BenchConfig): Promise<FigureResult> {
  const runs = { atlas: [] as ImportRun[], ky: [] as ImportRun[] };
  // One extra pair first, thrown away: it only warms the OS file cache. Then alternate the order.
  for (let i = 0; i <= config.importRuns; i++) {
    const kyFirst = i % 2 === 1 ? coldImport('ky') : undefined;
    const atlas = coldImport('@atlas/runpod');
    const ky = kyFirst ?? coldImport('ky');
    if (i === 0) continue;
    runs.atlas.push(atlas);
    runs.ky.push(ky);
  }
  const importAtlas = median(runs.atlas.map((r) => r.importMs));
  const importKy = median(runs.ky.map((r) => r.importMs));
  const importRatio = ratio(importAtlas, importKy);
  const wallAtlas = median(runs.atlas.map((r) => r.wallMs));
  const wallKy = median(runs.ky.map((r) => r.wallMs));
  return {
    rows: [
      {
        figure: '5',
        metric: "cold import('@atlas/runpod'), import only",
        unit: 'ms',
        atlas: importAtlas,
        baseline: importKy,
        baselineName: "import('ky') alone",
        ratio: importRatio,
        target: '<= 2.00x',
        met: importRatio <= 2,
        note: `median of ${config.importRuns} fresh processes each`,
      },
      {
        figure: '5',
        metric: 'cold node -e "await import(\'@atlas/runpod\')", whole process',
        unit: 'ms',
        atlas: wallAtlas,
        baseline: wallKy,
        baselineName: "same for 'ky'",
        ratio: ratio(wallAtlas, wallKy),
        note: "context: includes Node's start-up, the same on both sides",
      },
    ],
  };
}
