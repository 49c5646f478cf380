// End-to-end checks of learn mode (SPEC section 6: `?lesson=N`, [data-testid="lesson-goal"]
// with data-met): lesson 1 is solved by typing into the key policy editor, goals tick live, a
// hint opens after a failed attempt, progress survives a reload, the playground's autosave is
// untouched, every ?lesson=N loads with a goal unmet and its "Show solution" meets them all,
// and choosing lessons makes no request. Prints one line per check and "N passed, N failed".
//   node tests/e2e/lesson.mjs dist
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { launchChromium, reporter } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
await mkdir(out, { recursive: true });
const dist = process.argv[2] ?? 'dist';
const LESSONS = 6;
const { server, url } = await serve(dist);
const browser = await launchChromium();
const { report, counts } = reporter();
const GOAL = '[data-testid="lesson-goal"]';
const KEY = 'textarea[aria-label="Key policy"]';
const met = (page) => page.$$eval(GOAL, (els) => els.map((e) => e.dataset.met));
// goals are checked once the lesson's document has been analysed ("checking…" before)
const checked = (page) => page.waitForFunction((sel) => {
  const els = [...document.querySelectorAll(sel)];
  return els.length > 0 && els.every((e) => !e.textContent.includes('checking'));
}, GOAL, { timeout: 5000 });
const allMet = (page, timeout = 5000) => page.waitForFunction((sel) => {
  const els = [...document.querySelectorAll(sel)];
  return els.length > 0 && els.every((e) => e.dataset.met === 'true');
}, GOAL, { timeout }).then(() => true, () => false);
const base = url.replace(/\/?$/, '/');

try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // the playground's own work, autosaved before any lesson
  await page.goto(base);
  await page.waitForSelector('[data-testid="access-matrix"] [data-decision]');
  await page.selectOption('select[aria-label="Example"]', 'key-policy-precedence');
  await page.waitForTimeout(400);
  const playground = await page.evaluate(() => localStorage.getItem('kmsplay:v1:state'));
  const playgroundKey = await page.inputValue('input[aria-label="Key ARN"]');

  await page.goto(`${base}?lesson=1`);
  await page.waitForSelector(GOAL);
  await checked(page);
  const start = await met(page);
  report(start.length === 3 && start[0] === 'false' && start[1] === 'false', 'lesson 1 opens with its goals unmet', start.join(','));
  const hint = page.locator('.lesson-actions button', { hasText: 'Hint' });
  report(await hint.isDisabled(), 'no hint before the learner has tried');

  // type the missing statement after `"Statement": [` (line 3), in two parts: the first
  // leaves broken JSON (a failed attempt), the second completes it
  await page.click(KEY);
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  // Enter keeps the line's indentation (one level more after { or [), as a person sees it
  await page.keyboard.type('\n{\n"Sid": "Enable IAM policies",\n"Effect": "Allow",\n');
  await page.waitForTimeout(400);
  report((await met(page)).every((m, i) => m === start[i]), 'half a statement meets no new goal', (await met(page)).join(','));
  report(!(await hint.isDisabled()), 'a hint is offered after a failed attempt');
  await hint.click();
  report((await page.$$('.lesson-hints li')).length === 1, 'the hint is shown');
  // back to the editor: a textarea keeps its caret when it gets the focus back
  await page.focus(KEY);
  await page.keyboard.type('"Principal": {"AWS": "arn:aws:iam::111122223333:root"},\n"Action": "kms:*",\n"Resource": "*"\n');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('},');
  const solved = await allMet(page);
  report(solved, 'after typing the statement every goal is met', (await met(page)).join(','));
  report(await page.isVisible('.lesson-done'), 'the lesson says it is done');
  const typed = await page.inputValue(KEY);
  report(typed.includes('  "Statement": [\n    {\n      "Sid": "Enable IAM policies",\n') && typed.includes('\n    },\n    {\n') && typed.includes('KeyAdmin'),
    'the key policy holds the typed statement, indented, before the old one', typed.slice(0, 160));
  const decision = await page.getAttribute('[data-testid="access-matrix"] [data-principal="arn:aws:iam::111122223333:role/app"][data-action="kms:Decrypt"]', 'data-decision');
  report(decision === 'allow', 'the matrix agrees: role app may Decrypt', decision);
  await page.screenshot({ path: join(out, 'lesson-1-done.png'), fullPage: false });

  const stored = await page.evaluate(() => localStorage.getItem('kmsplay:v1:lessons-done'));
  report(stored === '[1]', 'progress is in localStorage', stored);
  report((await page.evaluate(() => localStorage.getItem('kmsplay:v1:state'))) === playground, 'lesson edits never overwrite the playground autosave');
  await page.reload();
  await page.waitForSelector(GOAL);
  await checked(page);
  const dot = await page.getAttribute('.lesson-dot[data-lesson="1"]', 'data-done');
  report(dot === 'true', 'after a reload lesson 1 is still completed', dot);
  report(page.url().includes('lesson=1') && !page.url().includes('#'), 'the lesson URL carries no state', page.url());

  // every lesson: its link loads, a goal is unmet, and its solution meets every goal
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  for (let n = 1; n <= LESSONS; n++) {
    if (n > 1) await page.click('.lesson-nav button:has-text("Next")');
    await page.waitForFunction((n) => document.querySelector('.lesson-count')?.textContent === `Lesson ${n} of 6`, n, { timeout: 5000 })
      .catch(() => {});
    await checked(page).catch(() => {});
    const startMet = await met(page);
    const url = page.url();
    await page.click('.lesson-actions button:has-text("Show solution")');
    const ok = await allMet(page);
    report(url.endsWith(`?lesson=${n}`) && startMet.length >= 3 && startMet.includes('false') && ok,
      `lesson ${n}: ?lesson=${n}, starts with a goal unmet, Show solution meets all`, `${startMet.join(',')} ${ok}`);
  }
  report(requests.length === 0, 'choosing lessons in the app makes no request', requests.join(' '));
  const done = await page.evaluate(() => localStorage.getItem('kmsplay:v1:lessons-done'));
  report(done === '[1,2,3,4,5,6]', 'all six lessons recorded as completed', done);

  // each ?lesson=N link loads on its own
  for (let n = 1; n <= LESSONS; n++) {
    await page.goto(`${base}?lesson=${n}`);
    await page.waitForSelector(GOAL);
    await checked(page).catch(() => {});
    const title = await page.textContent('.lesson-count');
    const goals = await met(page);
    report(title === `Lesson ${n} of 6` && goals.includes('false'), `?lesson=${n} loads lesson ${n} afresh`, `${title} ${goals.join(',')}`);
  }

  // leaving brings the playground back, untouched
  await page.click('button:has-text("Leave lessons")');
  await page.waitForTimeout(300);
  report(!(await page.$(GOAL)) && !page.url().includes('lesson='), 'Leave lessons closes the panel and the ?lesson link', page.url());
  report((await page.inputValue('input[aria-label="Key ARN"]')) === playgroundKey, 'the playground work is back');
  await page.click('[data-testid="learn"]');
  await page.waitForSelector(GOAL);
  report(page.url().includes('?lesson=1'), 'the header\'s Learn button opens a lesson', page.url());

  await page.goto(`${base}?lesson=99`);
  await page.waitForSelector('[data-testid="notice"]');
  report((await page.textContent('[data-testid="notice"]')).includes('no lesson 99'), '?lesson=99 says there is no such lesson');

  // narrow screen
  const narrow = await (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
  await narrow.goto(`${base}?lesson=2`);
  await narrow.waitForSelector(GOAL);
  await checked(narrow).catch(() => {});
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  report(overflow <= 0, 'the lesson panel fits a 360 px screen', `${overflow}px too wide`);
  await narrow.screenshot({ path: join(out, 'lesson-2-narrow.png'), fullPage: false });
  report(errors.length === 0, 'no page errors', errors.join(' | '));
} catch (e) {
  report(false, 'lesson flow', String(e).split('\n')[0]);
} finally {
  await browser.close();
  server.close();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
