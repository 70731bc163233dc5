import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** Debian's `chromium` package; ATLAS_CHROMIUM points at another build. */
export const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';

/** Starting Chromium, a world and a page on a loaded 2-core CI machine: generous, never asserted. */
export const BROWSER_TIMEOUT_MS = 60_000;

/**
 * The system's Chromium, headless. playwright-core downloads no browser of its own, so a missing
 * Chromium must say how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the dashboard's browser tests drive the system's Chromium. ` +
        'Install it with `apt-get update && apt-get install -y --no-install-recommends chromium` (Debian; .ci/run does ' +
        'this when it is missing), or set ATLAS_CHROMIUM to a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // --no-sandbox: CI runs as root; the background-networking flag keeps Chromium from calling home
    // on a machine whose network is closed.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/**
 * One Chromium for the whole test file (starting one per test would cost CI seconds each). When it
 * cannot start, every test of the file fails with the reason: a skip would leave CI green without
 * a page ever having been looked at.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      browser = await launchChromium();
    } catch (error) {
      failure = error;
    }
  }, BROWSER_TIMEOUT_MS);
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw failure ?? new Error('Chromium is not started yet');
    return browser;
  };
}
