import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, waitForOutput } from './helpers/run-cli.js';

/** The CLI's mock, with creates that end like an ambiguous create on a real cloud (see the fixture). */
const nodeArgs = ['--import', fileURLToPath(new URL('./fixtures/ambiguous-create.mjs', import.meta.url))];
const spawnArgs = ['spawn', '--provider', 'mock', '--gpu', 'h100', '--image', 'busybox'];

interface ErrorBody {
  kind: string;
  details?: { possiblyCreated?: boolean; lookFor?: { name?: string; marker?: string } };
}

describe('a create that may have happened: the CLI says a machine may exist and how to find it', () => {
  it('on a provider error, naming ls --name with the provider', async () => {
    const r = await runCli([...spawnArgs, '--name', 'nightly-run'], { nodeArgs });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('provider error from mock');
    expect(r.stderr).toContain('a machine may have been created on mock');
    expect(r.stderr).toContain('`atlas ls --provider mock --name nightly-run`');
  });

  it('quotes a name the shell would split', async () => {
    const r = await runCli([...spawnArgs, '--name', "bob's run"], { nodeArgs });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`\`atlas ls --provider mock --name 'bob'\\''s run'\``);
  });

  it('without a name to look for, says only that the outcome is unknown', async () => {
    const r = await runCli(spawnArgs, { nodeArgs });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mock may have carried out this request before it failed');
    expect(r.stderr).not.toContain('atlas ls');
  });

  it('--json carries the details', async () => {
    const r = await runCli([...spawnArgs, '--name', 'nightly-run', '--json'], { nodeArgs });
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout) as { error: ErrorBody };
    expect(error.kind).toBe('provider');
    expect(error.details).toEqual({
      possiblyCreated: true,
      lookFor: { name: 'nightly-run', marker: 'atlas-attempt-7f3a' },
    });
  });

  it('on Ctrl-C while the create is in flight: exit 130, and not just "cancelled"', async () => {
    const { child, done } = startCli([...spawnArgs, '--name', 'nightly-run'], {
      nodeArgs,
      env: { ATLAS_TEST_CREATE: 'hang' },
    });
    await waitForOutput(child, 'create in flight');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aborted (Ctrl-C)');
    expect(r.stderr).toContain('a create may already have reached the provider');
    expect(r.stderr).toContain('`atlas ls --provider mock --name nightly-run`');
  });

  it('on Ctrl-C under --json: the error with its details is on stdout', async () => {
    const { child, done } = startCli([...spawnArgs, '--name', 'nightly-run', '--json'], {
      nodeArgs,
      env: { ATLAS_TEST_CREATE: 'hang' },
    });
    await waitForOutput(child, 'create in flight');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    const { error } = JSON.parse(r.stdout) as { error: ErrorBody };
    expect(error.details?.possiblyCreated).toBe(true);
    expect(error.details?.lookFor?.name).toBe('nightly-run');
  });

  it('an error without the flag says nothing of the kind', async () => {
    const r = await runCli(['get', 'pod-nope', '--provider', 'mock'], { nodeArgs });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('may have been created');
  });
});
