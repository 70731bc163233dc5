import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('atlas demo --provider vast', () => {
  it('runs the story on the Vast.ai fake with no key: rents an offer, skips the job step, exits 0', async () => {
    const r = await runCli(['demo', '--provider', 'vast', '--json']);
    expect(r.stderr).not.toContain('atlas:');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { provider: string; steps: { step: string }[] };
    expect(summary.provider).toBe('vast');
    const steps = summary.steps.map((s) => s.step);
    expect(steps).toContain('Terminate it');
    expect(steps.some((s) => s.includes('serverless'))).toBe(false);
  });

  it('shows the URL from the host IP and the mapped port, and the bearer header', async () => {
    const r = await runCli(['demo', '--provider', 'vast']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the real @atlas/vast provider over HTTP');
    expect(r.stdout).toMatch(/URL\s+http:\/\/\d+\.\d+\.\d+\.\d+:\d+/);
    expect(r.stdout).toMatch(/Authorization\s+Bearer \S{43}/);
    expect(r.stdout).toContain('terminated.');
  });
});
