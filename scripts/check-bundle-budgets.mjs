// Bundle budgets (issue 18): what a browser app pays for our packages, measured on the built
// packages as an app would bundle them (esbuild, platform browser, minified, peers included), and
// gzipped. Two kinds of row: a package's whole main entry, and one small import (tree-shaking must
// keep it small). Fails when a row is over its budget in scripts/bundle-budgets.json.
// Run after `npm run build`: node scripts/check-bundle-budgets.mjs [--markdown] [--package @openward/x]
// (--markdown prints a README table; --package keeps the rows of one package and its subpaths).
import { budgetRows, measureBudgetRow } from './bundle-size.mjs'
import { root } from './workspaces.mjs'

const flag = (name) => {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}
const only = flag('--package')
const selected = budgetRows().filter((b) => only === undefined || b.from === only || b.from.startsWith(`${only}/`))
if (selected.length === 0) {
  console.error(`no budget rows for ${only}`)
  process.exit(1)
}
const rows = []
for (const b of selected) {
  const { minified, gzip } = measureBudgetRow(b, root)
  rows.push({ ...b, minified, gzip, over: gzip > b.maxGzip })
}
const kb = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)
const markdown = process.argv.includes('--markdown')
if (markdown) {
  console.log('| import | from | minified | gzip | budget (gzip) |\n| --- | --- | --- | --- | --- |')
  for (const r of rows)
    console.log(
      `| ${r.import === '*' ? 'whole entry' : `\`${r.import}\``} | \`${r.from}\` | ${kb(r.minified)} | ${kb(r.gzip)} | ${kb(r.maxGzip)} |`,
    )
} else
  for (const r of rows)
    console.log(
      `${r.over ? 'OVER' : 'ok  '} ${(r.import === '*' ? '*' : r.import).padEnd(22)} ${r.from.padEnd(34)} ${kb(r.minified).padStart(10)} min ${kb(r.gzip).padStart(9)} gzip  (budget ${kb(r.maxGzip)})`,
    )
const over = rows.filter((r) => r.over)
if (over.length > 0) {
  console.error(`${over.length} bundle(s) over budget`)
  process.exit(1)
}
