import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, waitForOutput } from './helpers/run-cli.js';
import { startInTerminal } from './helpers/terminal.js';

const KEY = 'rp_test_key_terminal';
let fake: RunPodFake;
let at: string[];

beforeAll(async () => {
  fake = await startRunPodFake({ apiKey: KEY });
  at = ['--provider', 'runpod', '--base-url', fake.url, '--runtime-url', fake.runtimeUrl, '--api-key', KEY];
});
afterAll(() => fake.close());

async function newPod(): Promise<string> {
  const r = await runCli(['spawn', ...at, '--gpu', 'l4', '--image', 'busybox', '-q']);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

describe('on a terminal', () => {
  it('rm asks first; Ctrl-C at the question exits 130 and terminates nothing', async () => {
    const id = await newPod();
    const { child, done } = startInTerminal(['rm', id, ...at]);
    await waitForOutput(child, '[y/N]', 'stdout');
    child.stdin?.write('\x03');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('aborted (Ctrl-C)');
    expect(r.stdout).not.toContain('unexpected error');
    expect(fake.pods.get(id)).toBeDefined();
  });

  it('rm: Ctrl-D (no answer) is a no; "y" terminates', async () => {
    const id = await newPod();
    const eof = startInTerminal(['rm', id, ...at]);
    await waitForOutput(eof.child, '[y/N]', 'stdout');
    eof.child.stdin?.write('\x04');
    const declined = await eof.done;
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Not terminated.');
    expect(fake.pods.get(id)).toBeDefined();

    const yes = startInTerminal(['rm', id, ...at]);
    await waitForOutput(yes.child, '[y/N]', 'stdout');
    yes.child.stdin?.write('y\r');
    const removed = await yes.done;
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Terminated ${id} on runpod.`);
    expect(fake.pods.get(id)).toBeUndefined();
  });

  it('--wait shows a spinner instead of plain progress lines', async () => {
    const r = await startInTerminal(['spawn', '--provider', 'mock', '--gpu', 'h100', '--image', 'busybox', '--wait'], {
      ATLAS_MOCK_PROVISIONING_MS: '1000',
    }).done;
    expect(r.code).toBe(0);
    // Spinner frames (yocto-spinner colours them, so the frame and the text are checked apart).
    expect(r.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(r.stdout).toMatch(/ waiting for \S+ to be running/);
    expect(r.stdout).not.toContain('… waiting');
    expect(r.stdout).toMatch(/is running after/);
  });

  it('colours are on, and NO_COLOR turns them off', async () => {
    const coloured = await startInTerminal(['providers']).done;
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain('\x1b[1mprovider');
    const plain = await startInTerminal(['providers'], { NO_COLOR: '1' }).done;
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('provider');
    expect(plain.stdout).not.toContain('\x1b[');
  });
});
