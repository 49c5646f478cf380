// Times the engine in wasm: for each scenario in perf-inputs.json, the median time of
// analyzeCells(text) (parse + full report, no conversion to JS). A batch repeats the call
// until it has run at least 20 ms, so the browser's coarse clock (0.1 ms) does not decide
// the figure for the small examples. The results are shown and left in window.kmsplayPerf.
import init, { analyzeCells, version } from "./kmsplay.js";

const params = new URLSearchParams(location.search);
const batches = Math.max(1, Number(params.get("runs")) || 15);
const status = document.getElementById("status");

function batchMean(text, minMs) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    analyzeCells(text);
    n += 1;
    t = performance.now();
  } while (t - t0 < minMs);
  return (t - t0) / n;
}

async function run() {
  await init();
  const inputs = await (await fetch("perf-inputs.json")).json();
  const rows = [];
  for (const [name, text] of Object.entries(inputs)) {
    const cells = analyzeCells(text); // warm-up, and the check that it analyses at all
    const times = [];
    for (let i = 0; i < batches; i++) times.push(batchMean(text, batches > 1 ? 20 : 0));
    times.sort((a, b) => a - b);
    rows.push({
      name,
      bytes: new TextEncoder().encode(text).length,
      cells,
      medianMs: times[Math.floor(times.length / 2)],
      minMs: times[0],
      maxMs: times[times.length - 1],
    });
  }
  return rows;
}

try {
  const rows = await run();
  const body = document.querySelector("#results tbody");
  for (const r of rows) {
    const tr = document.createElement("tr");
    for (const [v, n] of [[r.name], [r.bytes, 1], [r.cells, 1], [r.medianMs.toFixed(3), 1], [r.minMs.toFixed(3), 1], [r.maxMs.toFixed(3), 1]]) {
      const td = document.createElement("td");
      td.textContent = String(v);
      if (n) td.className = "n";
      tr.append(td);
    }
    body.append(tr);
  }
  document.getElementById("results").hidden = false;
  status.textContent = `kmsplay ${version()}, ${batches} batches per scenario, ${navigator.userAgent}`;
  window.kmsplayPerf = { rows, batches, version: version() };
} catch (e) {
  status.textContent = `failed: ${e.message ?? e}`;
  window.kmsplayPerf = { error: String(e.message ?? e) };
}
