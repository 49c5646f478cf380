// End-to-end check of the key policy builder and Try it. In the key-policy-precedence example:
// open "Build a key policy", list an administrator, a key user and the other account, replace
// the key policy (the editor holds the preview's text, the matrix gains the new rows and
// Stuart's Encrypt becomes allowed), Ctrl+Z in the editor undoes it; then a cell's Try it shows
// `aws kms decrypt --key-id arn:...` with the caller's profile, and its copy button puts that
// command on the clipboard. Prints one line per check and "N passed, N failed".
//   node tests/e2e/builder.mjs dist   (screenshots in tests/e2e/out/)
import { mkdirSync } from 'node:fs';
import { serve } from './serve.mjs';
import { launchChromium, reporter } from './harness.mjs';

const dist = process.argv[2] ?? 'dist';
const out = new URL('./out/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const { server, url } = await serve(dist);
const browser = await launchChromium();
const { report, counts } = reporter();
const KEY = 'arn:aws:kms:us-east-2:123456789012:key/5e698272-88c6-4f6b-970e-1d1dbd0c6412';
const STUART = 'arn:aws:iam::444455556666:user/Stuart';
const APP = 'arn:aws:iam::123456789012:role/App';
const ADMIN = 'arn:aws:iam::123456789012:role/KeyAdmin';
const cellSel = (p, a) => `[data-testid="access-matrix"] [data-principal="${p}"][data-action="${a}"]`;
const decision = (page, p, a) => page.getAttribute(cellSel(p, a), 'data-decision', { timeout: 2000 }).catch(() => null);
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[data-testid="access-matrix"] [data-decision]');
  await page.selectOption('select[aria-label="Example"]', 'key-policy-precedence');
  await page.waitForTimeout(400);
  const original = await page.inputValue('textarea[aria-label="Key policy"]');
  report(await decision(page, STUART, 'kms:Encrypt') === 'implicit-deny', 'Stuart kms:Encrypt starts implicit-deny');

  await page.click('[data-testid="key-builder"] summary');
  await page.fill('textarea[aria-label^="Key administrators"]', ADMIN);
  await page.fill('textarea[aria-label^="Key users"]', APP);
  await page.fill('textarea[aria-label^="Other AWS accounts"]', '444455556666');
  await page.waitForTimeout(200);
  const preview = await page.textContent('[data-testid="builder-preview"]');
  report(['Enable IAM User Permissions', 'Allow access for Key Administrators', 'Allow use of the key',
    'Allow attachment of persistent resources', 'arn:aws:iam::444455556666:root'].every((s) => preview.includes(s)),
  'the preview holds the console\'s four statements and the other account\'s root');
  const unlabeled = await page.$$eval('[data-testid="key-builder"] input, [data-testid="key-builder"] textarea, [data-testid="key-builder"] select',
    (els) => els.filter((e) => !e.getAttribute('aria-label') && !(e.id && document.querySelector(`label[for="${e.id}"]`))).length);
  report(unlabeled === 0, 'every builder control has an accessible label', `${unlabeled} unlabeled`);
  await page.screenshot({ path: `${out}builder-form.png`, fullPage: false });

  await page.click('[data-testid="builder-replace"]');
  await page.waitForTimeout(700);
  const replaced = await page.inputValue('textarea[aria-label="Key policy"]');
  report(replaced === preview, 'Replace key policy puts the preview into the key policy editor');
  const app = await decision(page, APP, 'kms:Decrypt');
  const adminDecrypt = await decision(page, ADMIN, 'kms:Decrypt');
  const adminPut = await decision(page, ADMIN, 'kms:PutKeyPolicy');
  report(app === 'allow' && adminDecrypt === 'implicit-deny' && adminPut === 'allow',
    'the matrix follows: the key user may decrypt, the administrator may manage but not decrypt',
    `App Decrypt ${app}, KeyAdmin Decrypt ${adminDecrypt}, KeyAdmin PutKeyPolicy ${adminPut}`);
  const stuartEncrypt = await decision(page, STUART, 'kms:Encrypt');
  report(stuartEncrypt === 'allow', 'Stuart kms:Encrypt is now allowed (key policy trusts his account, IAM allows it)', stuartEncrypt);

  // Try it on the key user's Decrypt cell
  await page.click(cellSel(APP, 'kms:Decrypt'));
  await page.waitForSelector('[data-testid="explanation"] [data-testid="try-it"]', { timeout: 5000 });
  await page.click('[data-testid="try-it"] summary');
  const code = await page.$$eval('[data-testid="try-it"] pre code', (els) => els.map((e) => e.textContent));
  const want = `aws kms decrypt --key-id ${KEY} `;
  report(code.some((c) => c.startsWith(want) && c.includes('--region us-east-2') && c.includes('--profile account-123456789012')),
    'Try it shows aws kms decrypt --key-id <key ARN> with region and profile', code.join(' ⏎ '));
  await page.screenshot({ path: `${out}try-it.png`, fullPage: false });
  await page.click('[data-testid="try-it"] button[aria-label^="Copy command 1 of"]');
  await page.waitForTimeout(300);
  const clip = await page.evaluate(() => navigator.clipboard.readText()).catch((e) => `error ${e}`);
  report(clip === code[0], 'the copy button puts the command on the clipboard', clip);

  // Stuart (another account) is told to use his own account's profile and the key ARN
  await page.click(cellSel(STUART, 'kms:Encrypt'));
  await page.waitForTimeout(300);
  const stuartText = await page.textContent('[data-testid="try-it"]');
  report(stuartText.includes(`aws kms encrypt --key-id ${KEY}`) && stuartText.includes('--profile account-444455556666')
    && stuartText.includes('must name the key by its ARN'), 'a cross-account cell uses the caller\'s profile and explains the ARN');

  // undo in the editor brings the old key policy back, and the matrix with it
  await page.click('textarea[aria-label="Key policy"]');
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(700);
  const undone = await page.inputValue('textarea[aria-label="Key policy"]');
  report(undone === original, 'Ctrl+Z in the key policy editor undoes the replacement');
  report(await decision(page, STUART, 'kms:Encrypt') === 'implicit-deny', 'after undo Stuart kms:Encrypt is implicit-deny again');
  report(errors.length === 0, 'no uncaught page errors', errors.join('; '));
} catch (e) {
  report(false, 'builder and try-it flow', String(e).split('\n')[0]);
} finally {
  await browser.close();
  server.close();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
