// End-to-end check of the JavaScript API from a plain HTML page: serves dist-js/ (built by
// scripts/build-js.sh: kmsplay.js + kmsplay_bg.wasm + www/embed.html as index.html) and drives
// it in headless Chromium. The page analyses its scenario and shows the matrix and findings;
// a scenario the engine refuses shows the thrown error's message; text from the scenario is
// shown as text (a markup payload in a principal ARN creates no element); no request leaves
// the page's origin. Prints one line per check and "N passed, N failed" last.
//   node tests/e2e/embed.mjs dist-js
import { serve } from './serve.mjs';
import { launchChromium, reporter } from './harness.mjs';

const dir = process.argv[2] ?? 'dist-js';
const { server, url } = await serve(dir);
const origin = new URL(url).origin;
const browser = await launchChromium();
const { report, counts } = reporter();
const STUART = 'arn:aws:iam::444455556666:user/Stuart';
try {
  const page = await (await browser.newContext()).newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== '', null, { timeout: 15000 });
  const status = await page.textContent('#status');
  report(status === 'analysed', 'the page analyses its scenario on load', `status: ${status}`);

  // the matrix: Stuart may Decrypt (key policy + IAM allow it) but not Encrypt (key policy does not)
  const cell = (action) => page.evaluate(([p, a]) => {
    const table = document.querySelector('#matrix table');
    if (!table) return null;
    const head = [...table.rows[0].cells].map((c) => c.textContent);
    const row = [...table.rows].find((r) => r.cells[0].textContent === p);
    return row ? row.cells[head.indexOf(a)]?.textContent ?? null : null;
  }, [STUART, action]);
  const decrypt = await cell('Decrypt');
  const encrypt = await cell('Encrypt');
  report(decrypt === 'allow' && encrypt === 'implicit-deny', 'the matrix shows the engine\'s decisions',
    `Decrypt ${decrypt}, Encrypt ${encrypt}`);
  const findings = await page.$$eval('#findings li', (els) => els.map((e) => e.textContent));
  report(findings.some((f) => f.includes('[external-account-access]')), 'the findings list shows external-account-access',
    `${findings.length} findings`);

  // a scenario without key.arn: analyze() throws, the page shows the message
  await page.fill('#scenario', JSON.stringify({ format: 'kmsplay/v1', key: {} }));
  await page.click('#run');
  const err = await page.textContent('#status');
  report(/^error: kmsplay: .*key.*"arn"/.test(err ?? ''), 'an invalid scenario shows the thrown error message', err);
  report((await page.$('#matrix table')) !== null, 'the last good matrix stays while the input is invalid');

  // markup in a principal ARN stays text
  const hostile = {
    format: 'kmsplay/v1',
    key: { arn: 'arn:aws:kms:us-east-1:111122223333:key/k', policy: { Version: '2012-10-17', Statement: [] } },
    principals: [{ arn: 'arn:aws:iam::111122223333:user/<img src=x onerror="window.__pwned=1">', policies: [] }],
  };
  await page.fill('#scenario', JSON.stringify(hostile));
  await page.click('#run');
  await page.waitForTimeout(200);
  const imgs = await page.$$('#matrix img, #findings img');
  const pwned = await page.evaluate(() => window.__pwned === 1);
  const shown = await page.textContent('#matrix');
  report(imgs.length === 0 && !pwned && (shown ?? '').includes('<img src=x'), 'markup from the scenario is shown as text');

  report(errors.length === 0, 'no uncaught page errors', errors.join('; '));
  const foreign = requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
  report(foreign.length === 0 && requests.length > 0, 'no request leaves the page\'s origin',
    foreign.length ? foreign.join(', ') : `${requests.length} requests, all to ${origin}`);
} catch (e) {
  report(false, 'embed page', String(e).split('\n')[0]);
} finally {
  await browser.close();
  server.close();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
