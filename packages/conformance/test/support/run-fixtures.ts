import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FixtureTest {
  /** Describe titles, outermost first: [suite name, group]. */
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
}

interface JsonReport {
  testResults: { name: string; assertionResults: FixtureTest[] }[];
}

const packageDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs every fixture suite in one child vitest (a nested run inside this worker would share its
 * state) and returns the tests per fixture file name. The child exits 1 because fixtures fail on
 * purpose; only a missing report is an error.
 */
export async function runFixtures(): Promise<Map<string, FixtureTest[]>> {
  const outDir = await mkdtemp(join(tmpdir(), 'atlas-conformance-fixtures-'));
  const outFile = join(outDir, 'report.json');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  try {
    const stderr = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [
          join(packageDir, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--config',
          join(packageDir, 'test/fixtures/vitest.config.ts'),
          '--reporter=json',
          `--outputFile=${outFile}`,
        ],
        { cwd: packageDir, env, maxBuffer: 64 * 1024 * 1024 },
        (_error, _stdout, errors) => resolve(String(errors)),
      );
    });
    const text = await readFile(outFile, 'utf8').catch(() => {
      throw new Error(`the fixture run wrote no report; its stderr:\n${stderr}`);
    });
    const report = JSON.parse(text) as JsonReport;
    return new Map(report.testResults.map((file) => [file.name.split('/').at(-1) ?? file.name, file.assertionResults]));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
