// Hostile input in the browser (issue 9): share links whose scenarios carry <script>,
// <img onerror>, <svg onload> and javascript: payloads in every place a person can type
// (title, description, Sids, ARNs, condition values, principal and policy names, grants,
// requests, context, the selected cell), garbled fragments, and a network audit.
// Everything typed must be rendered as text: no dialog, no injected element, no script run,
// the payload visible as text; a garbled link shows a message and leaves the autosaved
// work intact; no request ever leaves the page's own files.
//
//   node tests/e2e/hostile.mjs [dist-dir]
//
// Prints one line per check and ends with "N passed, N failed".
import { readdir } from 'node:fs/promises';
import { deflateSync, deflateRawSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { appReady, assert, launchChromium, openPage, reporter } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.argv[2] ?? join(here, '..', '..', 'dist');

// ---------------------------------------------------------------- payloads
const PAYLOADS = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
  '<svg onload="window.__pwned=\'svg\'"></svg>',
  'javascript:window.__pwned="href";alert(2)',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
];
const ALL = PAYLOADS.join(' ');
const P = (i) => PAYLOADS[i % PAYLOADS.length];

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
// principal ARNs the engine accepts (a user path may hold any text) with a payload in the name
const EVIL_USER = `arn:aws:iam::444455556666:user/${P(1)}`;
const EVIL_ROLE = `arn:aws:iam::111122223333:role/${P(0)}`;
const EVIL = {
  format: 'kmsplay/v1',
  title: `Title ${P(0)}`,
  description: `Description ${P(1)} ${P(3)}`,
  key: {
    arn: KEY_ARN,
    aliases: [`alias/${P(2)}`],
    tags: { [P(0)]: P(1) },
    policy: {
      Version: '2012-10-17',
      Id: P(4),
      Statement: [
        { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: P(0), Effect: 'Allow', Principal: { AWS: EVIL_USER }, Action: 'kms:Decrypt', Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:app': P(1), [P(2)]: P(3) } } },
        { Sid: P(3), Effect: 'Deny', Principal: { AWS: `arn:aws:iam::999999999999:user/${P(2)}` }, Action: [`kms:${P(0)}`], Resource: P(1) },
        { Sid: P(1), Effect: P(2), Principal: P(4), Action: 'kms:Encrypt', Resource: '*' },
      ],
    },
  },
  principals: [
    {
      arn: EVIL_USER,
      tags: { dept: P(2) },
      policies: [
        { name: P(0), document: { Version: '2012-10-17', Statement: [{ Sid: P(2), Effect: 'Allow', Action: ['kms:Decrypt', `kms:${P(3)}`], Resource: [KEY_ARN, P(1)], Condition: { IpAddress: { 'aws:SourceIp': P(0) } } }] } },
        { name: P(3), document: `{ "Version": "2012-10-17", "Statement": [ ${P(1)} ] }` },
      ],
      permissionsBoundary: `not json ${P(4)}`,
    },
    { arn: EVIL_ROLE, policies: [], trustPolicy: { Version: '2012-10-17', Statement: [{ Sid: P(3), Effect: 'Allow', Principal: { AWS: EVIL_USER }, Action: 'sts:AssumeRole' }] } },
  ],
  grants: [
    { name: P(1), grantee: `arn:aws:iam::444455556666:role/${P(3)}`, operations: ['Decrypt', P(0)],
      constraints: { encryptionContextSubset: { [P(2)]: P(4) } }, retiringPrincipal: P(3) },
  ],
  organization: { scps: [{ name: P(2), accounts: ['444455556666'], document: { Version: '2012-10-17', Statement: [{ Sid: P(0), Effect: 'Allow', Action: '*', Resource: '*' }] } }] },
  requests: [
    { principal: EVIL_USER, action: 'kms:Decrypt', via: [EVIL_ROLE], keyId: P(3), context: { 'aws:SourceIp': P(1), [P(0)]: P(2) },
      encryptionContext: { app: P(1), [P(3)]: P(0) }, grantTokens: [P(4)], expect: P(2) },
    { principal: EVIL_USER, action: `kms:${P(1)}` },
  ],
  ui: { example: P(0), principal: 0, policy: 0, cell: { principal: EVIL_USER, action: 'kms:Decrypt' } },
};
// a request principal no engine accepts: the scenario error message quotes it
const EVIL_ERROR = { ...EVIL, requests: [{ principal: P(1), action: 'kms:Decrypt' }], ui: undefined };

const link = (value, raw = false) => {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return `#v1.${(raw ? deflateRawSync(bytes) : deflateSync(bytes)).toString('base64url')}`;
};

// ---------------------------------------------------------------- harness
const { report: record, check, counts } = reporter();

const { server, url: base } = await serve(dist);
const origin = new URL(base).origin;
// the page's own files: "/" and whatever is in dist/
const ownPaths = new Set(['/', ...(await readdir(dist)).map((f) => `/${f}`)]);
const browser = await launchChromium();

/** Every request any page of this suite made, and every dialog. */
const requests = [];
const dialogs = [];

// every request of every page goes into `requests` (the network audit), every dialog into `dialogs`
function open(url = base, { width = 1280, height = 900 } = {}) {
  return openPage(browser, url, {
    width, height, ready, consoleErrors: true,
    onPage: (page, context) => {
      context.on('request', (r) => requests.push(r.url()));
      page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss().catch(() => {}); });
    },
  });
}
function ready(page) {
  return appReady(page, { settle: 200 });
}
async function goto(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
  await ready(page);
}

/** Nothing ran and nothing was injected. */
async function assertInert(page, where) {
  const probe = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        if (a.toLowerCase().startsWith('on')) bad.push(`${el.tagName}[${a}]`);
        const v = el.getAttribute(a) ?? '';
        if ((a === 'href' || a === 'src' || a === 'action' || a === 'formaction') && /^\s*javascript:/i.test(v)) bad.push(`${el.tagName}[${a}=${v.slice(0, 30)}]`);
      }
    }
    const scripts = [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__pwned')).length;
    return {
      pwned: window.__pwned ?? (window.top && window.top.__pwned) ?? null,
      bad,
      scripts,
      imgs: document.querySelectorAll('img').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      iframes: document.querySelectorAll('iframe').length,
      crashed: document.body.getAttribute('data-crashed'),
    };
  });
  assert(probe.pwned === null, `${where}: a payload ran (window.__pwned = ${probe.pwned})`);
  assert(dialogs.length === 0, `${where}: a dialog opened: ${dialogs.join('; ')}`);
  assert(probe.bad.length === 0, `${where}: event-handler or javascript: attributes: ${probe.bad.slice(0, 5).join(', ')}`);
  assert(probe.scripts === 0 && probe.imgs === 0 && probe.svgOnload === 0 && probe.iframes === 0,
    `${where}: injected elements: ${JSON.stringify(probe)}`);
  assert(probe.crashed === null, `${where}: the app crashed`);
  assert(page.errors.length === 0, `${where}: page errors: ${page.errors.join('; ').slice(0, 300)}`);
}
/** Text shown on the page (form values included). */
async function pageText(page) {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea, select')].map((e) => e.value);
    const options = [...document.querySelectorAll('option')].map((o) => o.textContent);
    return `${document.body.innerText}\n${values.join('\n')}\n${options.join('\n')}`;
  });
}

const MARK = 'arn:aws:kms:eu-west-1:111122223333:key/my-autosaved-work';
async function autosaved(page) {
  return page.evaluate(() => {
    try { return JSON.parse(localStorage.getItem('kmsplay:v1:state') ?? 'null')?.key?.arn ?? null; } catch { return 'unreadable'; }
  });
}

try {
  const { context, page } = await open();

  await check('control: the probe notices an injected element and a script that ran', async () => {
    const c = await open(base);
    try {
      await c.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" onerror="window.__pwned=1" src="data:,">'));
      let caught = null;
      await assertInert(c.page, 'control').catch((e) => { caught = e.message; });
      assert(caught !== null, 'an injected <img onerror> went unnoticed');
      return caught.slice(0, 90);
    } finally {
      await c.context.close();
    }
  });

  await check('a hostile link renders every payload as text (no dialog, no element, no script)', async () => {
    await goto(page, base + link(EVIL));
    await assertInert(page, 'after load');
    const text = await pageText(page);
    const title = (await page.textContent('[data-testid="scenario-title"]')).trim();
    assert(title === EVIL.title, `title shown as "${title.slice(0, 60)}"`);
    for (const p of PAYLOADS) assert(text.includes(p), `payload not visible as text: ${p}`);
    // the payload principal is a matrix row, its cell explained (ui.cell), the request listed
    const cells = await page.$$eval('[data-testid="access-matrix"] [data-principal]', (els) => els.map((e) => e.dataset.principal));
    assert(cells.includes(EVIL_USER), 'the payload principal has no matrix row');
    assert(await page.locator('[data-testid="explanation"]').count() === 1, 'the selected cell is not explained');
    return `${PAYLOADS.length} payloads visible`;
  });

  await check('clicking around a hostile scenario runs nothing', async () => {
    const tabs = page.locator('[role="tab"][data-principal]');
    for (let i = 0; i < await tabs.count(); i++) {
      await tabs.nth(i).click();
      const ptabs = page.locator('[role="tab"][data-policy]');
      for (let j = 0; j < await ptabs.count(); j++) await ptabs.nth(j).click();
    }
    const cells = page.locator('[data-testid="access-matrix"] [data-decision]');
    const n = Math.min(await cells.count(), 12);
    for (let i = 0; i < n; i++) await cells.nth(i).click();
    const findings = page.locator('[data-testid="findings"] [data-code] button');
    for (let i = 0; i < Math.min(await findings.count(), 8); i++) await findings.nth(i).click();
    const reqs = page.locator('.request-button');
    for (let i = 0; i < await reqs.count(); i++) await reqs.nth(i).click();
    await page.waitForTimeout(300);
    await assertInert(page, 'after clicks');
    assert((await pageText(page)).includes(P(3)), 'the request panel does not show the keyId payload');
    return `${n} cells, ${await reqs.count()} requests`;
  });

  await check('payloads typed into every field are text', async () => {
    await page.selectOption('select[aria-label="Request to edit"]', '0');
    const fields = page.locator('[data-testid="request-context"] input[type="text"], [data-testid="grants"] input[type="text"]');
    const count = await fields.count();
    assert(count >= 8, `only ${count} fields in the request and grant panels`);
    for (let i = 0; i < count; i++) await fields.nth(i).fill(P(i));
    await page.fill('input[aria-label="Key ARN"]', `arn:aws:kms:us-east-1:111122223333:key/${P(1)}`);
    await page.fill('input[aria-label="Principal ARN"]', EVIL_USER);
    await page.$eval('textarea[aria-label="Key policy"]', (el, t) => { el.focus(); el.select(); document.execCommand('insertText', false, t); }, `{"Statement":[{"Sid":${JSON.stringify(P(1))}}]} ${P(0)}`);
    await page.waitForTimeout(500);
    await assertInert(page, 'after typing');
    const errors = await page.locator('[data-testid="field-error"]').count();
    return `${count} fields filled; ${errors} inline messages`;
  });

  await check('a scenario error quoting a payload is text', async () => {
    await goto(page, base + link(EVIL_ERROR));
    await assertInert(page, 'scenario error');
    const err = await page.locator('[data-testid="scenario-error"]').count();
    const text = await pageText(page);
    assert(text.includes(P(1)), 'the payload is not shown');
    return err ? 'scenario error shown' : 'no scenario error (the engine accepted the principal)';
  });

  await check('the share link of a hostile state decodes to the same payloads', async () => {
    await goto(page, base + link(EVIL));
    await page.fill('input[aria-label="Key ARN"]', `${KEY_ARN}${P(0)}`);
    await page.waitForTimeout(400);
    const url = page.url();
    const { inflateSync } = await import('node:zlib');
    const state = JSON.parse(inflateSync(Buffer.from(url.split('#v1.')[1].split('&')[0], 'base64url')).toString('utf8'));
    assert(state.key.arn === `${KEY_ARN}${P(0)}`, 'key ARN not in the link');
    assert(state.title === EVIL.title && state.grants[0].name === EVIL.grants[0].name, 'payloads lost from the link');
    const fresh = await open(url);
    try {
      await assertInert(fresh.page, 'reopened link');
      assert(await fresh.page.inputValue('input[aria-label="Key ARN"]') === `${KEY_ARN}${P(0)}`, 'reopened link differs');
    } finally {
      await fresh.context.close();
    }
  });

  // ------------------------------------------------------------ garbled links
  const GARBLED = [
    ['bad base64', '#v1.%%%***not-base64***'],
    ['bad deflate', `#v1.${Buffer.from('this is not deflate data at all, just bytes').toString('base64url')}`],
    ['truncated deflate', link(EVIL).slice(0, 80)],
    ['zip bomb over 1 MiB', `#v1.${deflateSync(Buffer.alloc(3 << 20, 32)).toString('base64url')}`],
    ['JSON of the wrong shape (array)', link([1, 2, 3])],
    ['JSON of the wrong shape (key is a string)', link({ key: 'arn:aws:kms:x' })],
    ['JSON of the wrong shape (principals not a list)', link({ key: { arn: KEY_ARN }, principals: 'alice' })],
    ['not UTF-8', link(Buffer.from([0xff, 0xfe, 0xfd, 0x00]))],
    ['deeply nested JSON', link('['.repeat(200000))],
    ['another version', '#v9.abc'],
    ['huge fragment (1.9 MB)', `#v1.${'A'.repeat(1900000)}`],
  ];
  await check('set up autosaved work to protect', async () => {
    await goto(page, base);
    await page.fill('input[aria-label="Key ARN"]', MARK);
    await page.waitForTimeout(300);
    assert(await autosaved(page) === MARK, 'the work was not autosaved');
  });
  for (const [name, fragment] of GARBLED) {
    await check(`garbled link (${name}): a message, the autosave intact`, async () => {
      const t0 = Date.now();
      await goto(page, base + fragment);
      const ms = Date.now() - t0;
      const notice = (await page.locator('[data-testid="notice"]').textContent({ timeout: 3000 }).catch(() => '')) ?? '';
      assert(/could not be opened/.test(notice), `no clear message: "${notice.slice(0, 120)}"`);
      assert(await page.inputValue('input[aria-label="Key ARN"]') === MARK, 'the saved work is not shown');
      assert(await autosaved(page) === MARK, 'the autosave was overwritten');
      await assertInert(page, name);
      return `${ms} ms: ${notice.replace('×', '').trim().slice(0, 110)}`;
    });
  }
  await check('garbled links in an open tab (hashchange) leave the work alone', async () => {
    await goto(page, base);
    for (const [name, fragment] of GARBLED.filter(([n]) => !n.startsWith('huge'))) {
      await page.evaluate((f) => { location.hash = f; }, fragment);
      await page.waitForTimeout(150);
      const notice = await page.locator('[data-testid="notice"]').textContent().catch(() => '');
      assert(/could not be opened/.test(notice ?? ''), `${name}: no message`);
      assert(await page.inputValue('input[aria-label="Key ARN"]') === MARK, `${name}: the work was replaced`);
    }
    assert(await autosaved(page) === MARK, 'the autosave was overwritten');
    await assertInert(page, 'hashchange');
  });

  // ------------------------------------------------------------ network
  await check('no request leaves the page\'s own files', async () => {
    const foreign = requests.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('about:') || u.startsWith('blob:')) return false;
      const parsed = new URL(u);
      return parsed.origin !== origin || !ownPaths.has(parsed.pathname);
    });
    assert(foreign.length === 0, `requests outside the page's files: ${[...new Set(foreign)].slice(0, 5).join(', ')}`);
    return `${requests.length} requests, all to ${[...ownPaths].length} own paths`;
  });

  await context.close();
} finally {
  await browser.close();
  server.close();
}
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
