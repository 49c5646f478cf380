// Browser benchmarks (issue 8), not tests: prints figures, asserts nothing about them.
//   node tests/e2e/perf.mjs <dist> <dist-js> <large.json> [--smoke]
// 1. Engine in wasm: writes <dist-js>/perf-inputs.json (the seven examples + the large
//    generated scenario), opens <dist-js>/perf.html and prints its table (parse + full report).
// 2. The page (<dist>): time from navigation start to the first matrix cell of the default
//    example (first render), and from an edit of the key policy (one input event) to the
//    matrix showing its effect, debounce included.
// --smoke: one batch and one load each (CI's check that it still runs). Exit status 1 when
// something could not be measured.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { launchChromium } from './harness.mjs';

const [dist = 'dist', distJs = 'dist-js', largePath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const smoke = process.argv.includes('--smoke');
const loads = smoke ? 1 : 7;
const edits = smoke ? 2 : 10;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(x < 1 ? 3 : 1)} ms`;

const inputs = {};
const exampleDir = new URL('../../www/examples/', import.meta.url);
for (const f of (await readdir(exampleDir)).filter((f) => f.endsWith('.json')).sort()) {
  inputs[f.replace(/\.json$/, '')] = await readFile(new URL(f, exampleDir), 'utf8');
}
if (largePath) inputs['large (generated)'] = await readFile(largePath, 'utf8');
await writeFile(join(distJs, 'perf-inputs.json'), JSON.stringify(inputs));

const browser = await launchChromium();
let ok = true;
try {
  console.log(`browser: Chromium ${browser.version()} (headless)`);
  // 1. the engine in wasm
  {
    const { server, url } = await serve(distJs);
    const page = await browser.newPage();
    await page.goto(`${url}perf.html?runs=${smoke ? 1 : 15}`);
    await page.waitForFunction(() => window.kmsplayPerf, null, { timeout: 300_000 });
    const perf = await page.evaluate(() => window.kmsplayPerf);
    server.close();
    if (perf.error) {
      ok = false;
      console.log(`wasm engine: FAILED — ${perf.error}`);
    } else {
      console.log(`\nwasm engine, parse + full report (median of ${perf.batches} batches):`);
      const w = Math.max(...perf.rows.map((r) => r.name.length));
      console.log(`  ${'scenario'.padEnd(w)}  ${'bytes'.padStart(8)}  ${'cells'.padStart(6)}  ${'median'.padStart(11)}`);
      for (const r of perf.rows) {
        console.log(`  ${r.name.padEnd(w)}  ${String(r.bytes).padStart(8)}  ${String(r.cells).padStart(6)}  ${ms(r.medianMs).padStart(11)}`);
      }
    }
  }
  // 2. the page
  {
    const { server, url } = await serve(dist);
    const firsts = [];
    for (let i = 0; i < loads; i++) {
      const page = await (await browser.newContext()).newPage();
      await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-testid="access-matrix"] [data-decision]')) {
            window.__firstCell = performance.now();
            obs.disconnect();
          }
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });
      await page.goto(url);
      await page.waitForFunction(() => window.__firstCell, null, { timeout: 30_000 });
      firsts.push(await page.evaluate(() => window.__firstCell));
      await page.close();
    }
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid="access-matrix"] [data-decision]');
    const latencies = [];
    for (let i = 0; i < edits; i++) {
      // Alternately prepend a deny-everything statement and take it out again: every cell moves.
      latencies.push(await page.evaluate(() => new Promise((resolve, reject) => {
        const ta = document.querySelector('textarea[aria-label="Key policy"]');
        const denyAll = '{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}, ';
        const denied = ta.value.includes(denyAll);
        const text = denied ? ta.value.replace(denyAll, '') : ta.value.replace('"Statement": [', `"Statement": [${denyAll}`);
        const count = () => document.querySelectorAll('[data-testid="access-matrix"] [data-decision="explicit-deny"]').length;
        const before = count();
        const matrix = document.querySelector('[data-testid="access-matrix"]');
        const timer = setTimeout(() => reject(new Error('the matrix did not change within 5 s')), 5000);
        const t0 = performance.now();
        new MutationObserver((_, obs) => {
          if (count() !== before) {
            clearTimeout(timer);
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        }).observe(matrix, { subtree: true, childList: true, attributes: true });
        ta.value = text;
        ta.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      })));
    }
    server.close();
    console.log(`\npage (${dist}/):`);
    console.log(`  first render of the default example: median ${ms(median(firsts))} after navigation start (${loads} loads)`);
    console.log(`  edit of the key policy to updated matrix: median ${ms(median(latencies))}, max ${ms(Math.max(...latencies))} (${edits} edits, debounce included)`);
  }
} catch (e) {
  ok = false;
  console.log(`perf: FAILED — ${String(e).split('\n')[0]}`);
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
