// Uses the kmsplay JS API: analyze(scenario) -> report. Everything is rendered with
// textContent, never innerHTML, so nothing from a policy can run as code.
import init, { analyze } from "./kmsplay.js";

const example = {
  format: "kmsplay/v1",
  key: {
    arn: "arn:aws:kms:us-east-2:123456789012:key/5e698272-88c6-4f6b-970e-1d1dbd0c6412",
    policy: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        { Sid: "AllowDecryptFromB", Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "kms:Decrypt", Resource: "*" },
      ],
    },
  },
  principals: [{
    arn: "arn:aws:iam::444455556666:user/Stuart",
    policies: [{ name: "KeyDemo", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt"], Resource: "arn:aws:kms:us-east-2:123456789012:key/5e698272-88c6-4f6b-970e-1d1dbd0c6412" }] } }],
  }],
};

const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };

function render(report) {
  const table = el("table");
  const head = el("tr");
  head.append(el("th", "principal"), ...report.matrix.actions.map((a) => el("th", a.replace("kms:", ""))));
  table.append(head);
  for (const row of report.matrix.rows) {
    const tr = el("tr");
    tr.append(el("th", row.principal), ...row.cells.map((c) => el("td", c, c)));
    table.append(tr);
  }
  document.getElementById("matrix").replaceChildren(table);
  document.getElementById("findings").replaceChildren(
    ...report.findings.map((f) => el("li", `${f.severity} [${f.code}] ${f.policy}:${f.range.start.line}: ${f.message}`)),
  );
}

async function main() {
  await init();
  const area = document.getElementById("scenario");
  const status = document.getElementById("status");
  area.value = JSON.stringify(example, null, 2);
  const run = () => {
    try {
      render(analyze(JSON.parse(area.value)));
      status.textContent = "analysed";
    } catch (e) {
      status.textContent = `error: ${e.message ?? e}`;
    }
  };
  document.getElementById("run").addEventListener("click", run);
  run();
}
main();
