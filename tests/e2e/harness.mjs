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

/**
 * A reporter: `report(ok, name, detail)` prints one PASS/FAIL line and counts it in `counts`;
 * `check(name, fn)` runs `fn` and reports it passed (with the string it returns as detail) or
 * failed (with the first lines of what it threw).
 */
export function reporter() {
  const counts = { passed: 0, failed: 0 };
  const report = (ok, name, detail = '') => {
    if (ok) counts.passed++; else counts.failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`);
  };
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      report(true, name, typeof detail === 'string' ? detail : '');
    } catch (err) {
      report(false, name, err && err.stack ? err.stack.split('\n').slice(0, 3).join(' | ') : String(err));
    }
  };
  return { report, check, counts };
}

/** Throw `msg` unless `cond` holds (for `check`). */
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/**
 * Wait until the app has rendered its matrix and finished its first analysis (the matrix no
 * longer says "Analysing"), then `settle` milliseconds more.
 */
export async function appReady(page, { timeout = 20000, settle = 0 } = {}) {
  await page.waitForSelector('[data-testid="access-matrix"]', { timeout: 20000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="access-matrix"]')?.textContent.includes('Analysing'), null, { timeout });
  if (settle) await page.waitForTimeout(settle);
}

/**
 * A fresh browser context and page on `url` that records every request in `page.requests` and
 * every uncaught page error in `page.errors` (console errors too with `consoleErrors`), then
 * waits for `ready(page)`. `init` runs before the page's own scripts; `onPage(page, context)`
 * adds listeners before the page loads. Resolves to `{ context, page }`.
 */
export async function openPage(browser, url, {
  width = 1280, height = 900, colorScheme = 'light', init = null, consoleErrors = false, onPage = null,
  ready = (page) => appReady(page),
} = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  context.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.errors.push(e.message));
  if (consoleErrors) page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (onPage) onPage(page, context);
  await page.goto(url);
  await ready(page);
  return { context, page };
}
