import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('atlas demo', () => {
  it('runs the whole story on the RunPod fake with no key and exits 0', async () => {
    const r = await runCli(['demo']);
    expect(r.stderr).not.toContain('atlas:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the real @atlas/runpod provider over HTTP');
    expect(r.stdout).toMatch(/URL\s+https:\/\/\S+-8000\.proxy\.runpod\.net/);
    expect(r.stdout).toMatch(/Authorization\s+Bearer \S{43}/);
    expect(r.stdout).toMatch(/job \S+: completed/);
    expect(r.stdout).toContain('terminated.');
    expect(r.stdout).toContain('Summary');
    expect(r.stderr).toMatch(/is running after/);
  });

  it('tells the same story on the mock with --provider mock', async () => {
    const r = await runCli(['demo', '--provider', 'mock']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('@atlas/mock');
    expect(r.stdout).toMatch(/job \S+: completed/);
    expect(r.stdout).toContain('Summary');
    const json = await runCli(['demo', '--provider', 'mock', '--json']);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { provider: string; steps: { step: string }[] };
    expect(summary.provider).toBe('mock');
    expect(summary.steps.map((s) => s.step)).toContain('Terminate it');
  });

  it('--verbose shows the HTTP requests the demo makes, with the key redacted', async () => {
    const r = await runCli(['demo', '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/→ runpod POST http:\/\/127\.0\.0\.1:\d+\/v2\/pods/);
    expect(r.stderr).not.toMatch(/rp_demo_[0-9a-f]{24}/);
  });
});
