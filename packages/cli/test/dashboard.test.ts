import { afterEach, describe, expect, it } from 'vitest';
import { type CliResult, firstStdoutLine, runCli, startCli } from './helpers/run-cli.js';

const running: { kill: () => void }[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

describe('atlas dashboard', () => {
  it('--demo serves the dashboard on loopback behind the printed login link, and stops on Ctrl-C', async () => {
    const { child, done } = startCli(['dashboard', '--demo', '--port', '0']);
    running.push({ kill: () => child.kill('SIGKILL') });
    const printed = new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout?.on('data', (d: Buffer | string) => {
        stdout += d.toString();
        const link = /log in: (\S+)\n/.exec(stdout)?.[1];
        if (link !== undefined) resolve(link);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing the login link: ${stdout}`)));
    });
    const login = new URL(await printed);
    expect(login.hostname).toBe('127.0.0.1');
    const token = login.searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const origin = login.origin;

    // Without the token: refused.
    const anonymous = await fetch(`${origin}/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('<table');

    // The link sets the session cookie and sends the browser on.
    const loggedIn = await fetch(login, { redirect: 'manual' });
    expect(loggedIn.status).toBe(303);
    const cookie = loggedIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).not.toBe('');
    expect(cookie).not.toContain(token);

    const page = await fetch(new URL(loggedIn.headers.get('location') ?? '/', origin), { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<table');
    expect(html).not.toContain(token);
    // The demo has sessions from the start, on the orchestrator the page shows.
    const sessions = (await (await fetch(`${origin}/api/sessions`, { headers: { cookie } })).json()) as {
      total: number;
    };
    expect(sessions.total).toBeGreaterThan(0);

    child.kill('SIGINT');
    const result: CliResult = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Stopped.');
    // The token went to the operator's terminal once (the link on stdout) and nowhere else.
    expect(result.stdout.split(token).length - 1).toBe(1);
    expect(result.stderr).not.toContain(token);
  });

  it('--json prints the URL and the login link as one JSON line', async () => {
    const { child, done } = startCli(['dashboard', '--demo', '--port', '0', '--json']);
    running.push({ kill: () => child.kill('SIGKILL') });
    const line = await firstStdoutLine(child);
    const printed = JSON.parse(line) as { url: string; login: string };
    expect(new URL(printed.login).origin).toBe(new URL(printed.url).origin);
    expect((await fetch(printed.login, { redirect: 'manual' })).status).toBe(303);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('without --demo says where the dashboard belongs instead of serving an empty orchestrator', async () => {
    const r = await runCli(['dashboard']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--demo');
    expect(r.stderr).toContain('docs/dashboard.md');
  });

  it('rejects a port that is not one', async () => {
    const r = await runCli(['dashboard', '--demo', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port "eighty"');
  });
});
