// End-to-end check of the one-click fix (SPEC section 6): in the key-policy-precedence example,
// Stuart's kms:Encrypt is denied; the explanation offers [data-testid="apply-fix"]; applying it
// makes that cell allow and leaves every other cell as it was. The aws-cn example's
// json-syntax finding is repaired by its own fix path (the Format of the missing comma is not
// asserted here). Prints one line per check and "N passed, N failed".
//   node tests/e2e/fix.mjs dist
import { serve } from './serve.mjs';
import { launchChromium, reporter } from './harness.mjs';

const dist = process.argv[2] ?? 'dist';
const { server, url } = await serve(dist);
const browser = await launchChromium();
const { report, counts } = reporter();
const cells = (page) => page.$$eval('[data-testid="access-matrix"] [data-decision]', (els) =>
  els.map((e) => `${e.dataset.principal}|${e.dataset.action}|${e.dataset.decision}`));
// A fresh page with example `id` loaded.
async function openExample(id) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="access-matrix"] [data-decision]');
  await page.selectOption('select[aria-label="Example"]', id);
  await page.waitForTimeout(400);
  return page;
}
try {
  const page = await openExample('key-policy-precedence');
  const stuart = 'arn:aws:iam::444455556666:user/Stuart';
  const cell = `[data-testid="access-matrix"] [data-principal="${stuart}"][data-action="kms:Encrypt"]`;
  report((await page.getAttribute(cell, 'data-decision')) === 'implicit-deny', 'Stuart kms:Encrypt starts implicit-deny');
  const before = await cells(page);
  await page.click(cell);
  await page.waitForSelector('[data-testid="explanation"] [data-testid="apply-fix"]', { timeout: 5000 });
  report(true, 'the explanation offers apply-fix');
  await page.click('[data-testid="apply-fix"]');
  await page.waitForTimeout(600);
  const decision = await page.getAttribute(cell, 'data-decision');
  report(decision === 'allow', 'after apply-fix the cell is allow', `got ${decision}`);
  const after = await cells(page);
  const moved = before.filter((c, i) => c !== after[i] && !c.startsWith(`${stuart}|kms:Encrypt|`));
  report(moved.length === 0, 'no other cell moved', moved.join(', '));
  const text = await page.inputValue('textarea[aria-label="Key policy"]');
  report(text.includes('AllowEncryptSuggested') && text.includes(stuart), 'the statement is in the key policy text');
  // A cell no change can help: cross-account PutKeyPolicy says why instead of offering a button.
  await page.click(`[data-testid="access-matrix"] [data-principal="${stuart}"][data-action="kms:PutKeyPolicy"]`);
  await page.waitForTimeout(300);
  const impossible = await page.$('[data-testid="explanation"] [data-testid="fix-impossible"]');
  const button = await page.$('[data-testid="explanation"] [data-testid="apply-fix"]');
  report(impossible !== null && button === null, 'a cell no change can help says why, without a button');
} catch (e) {
  report(false, 'fix flow', String(e).split('\n')[0]);
}
// A fix that needs a policy the principal does not have yet creates it (docs-external-account:
// ExampleUser has no IAM policy), and typing into that empty editor keeps every character.
const exampleUser = 'arn:aws:iam::444455556666:user/ExampleUser';
try {
  const page = await openExample('docs-external-account');
  const cell = `[data-testid="access-matrix"] [data-principal="${exampleUser}"][data-action="kms:Decrypt"]`;
  const before = await cells(page);
  await page.click(cell);
  await page.waitForSelector('[data-testid="explanation"] [data-testid="apply-fix"]', { timeout: 5000 });
  await page.click('[data-testid="apply-fix"]');
  await page.waitForTimeout(600);
  const decision = await page.getAttribute(cell, 'data-decision');
  const after = await cells(page);
  const moved = before.filter((c, i) => c !== after[i] && !c.startsWith(`${exampleUser}|kms:Decrypt|`));
  const tab = await page.$('[role="tab"][data-policy="kmsplay-suggested"]');
  report(decision === 'allow' && moved.length === 0 && tab !== null,
    'a fix that needs a new IAM policy creates it and allows only its cell',
    `decision ${decision}, moved ${moved.join(', ')}, tab ${tab !== null}`);
} catch (e) {
  report(false, 'a fix that needs a new IAM policy creates it', String(e).split('\n')[0]);
}
try {
  const page = await openExample('docs-external-account');
  await page.click(`[role="tab"][data-principal="${exampleUser}"]`);
  await page.click('textarea[aria-label="IAM policy"]');
  await page.keyboard.type('{"Version"', { delay: 40 });
  await page.waitForTimeout(300);
  const value = await page.inputValue('textarea[aria-label="IAM policy"]');
  report(value.startsWith('{"Version"'), 'typing into a principal without an IAM policy keeps every character', JSON.stringify(value));
} catch (e) {
  report(false, 'typing into a principal without an IAM policy', String(e).split('\n')[0]);
} finally {
  await browser.close();
  server.close();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
