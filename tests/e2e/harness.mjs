// What every end-to-end suite shares: headless Debian Chromium (never a downloaded browser;
// $CHROMIUM overrides the path) and the PASS/FAIL reporter whose last line scripts/e2e.sh reads.
import { chromium } from 'playwright-core';

/** Launch headless Chromium with nothing that talks to the network by itself. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A reporter: `report(ok, name, detail)` prints one line; `summary()` prints "N passed, N failed". */
export function reporter() {
  const counts = { passed: 0, failed: 0 };
  const report = (ok, name, detail = '') => {
    if (ok) counts.passed++; else counts.failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`);
  };
  return { report, counts };
}
