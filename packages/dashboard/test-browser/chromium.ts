import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package; ATLAS_CHROMIUM points at another build. */
export const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The system's Chromium, headless. playwright-core downloads no browser of its own, so a missing
 * Chromium fails every browser test with the command that installs it (never a skip: CI would
 * stay green without having looked at a page).
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
