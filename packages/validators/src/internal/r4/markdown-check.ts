import { quote } from '../quote.js'
import type { WalkContext } from './walk-context.js'

// R4 markdown (datatypes.html#markdown) is GitHub-flavoured CommonMark rendered by the receiver;
// embedded HTML is either shown escaped or, worse, rendered. Active content (scripts, frames,
// event handlers, javascript: links) is an error; any other HTML tag is a warning, as the reference
// validator reports it. Code spans are skipped: `<b>` inside backticks is text. Linear scans only.

const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g
const ACTIVE = /^(script|iframe|frame|frameset|object|embed|applet|form|style|link|meta|base)$/i
const EVENT_OR_SCRIPT_URL = /\son[a-z]+\s*=|(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript):/i

export function checkMarkdown(text: string, path: string, ctx: WalkContext): void {
  if (!text.includes('<')) return
  const prose = text.replace(/`[^`\n]*`/g, '')
  TAG.lastIndex = 0
  const m = TAG.exec(prose)
  if (m === null) return
  let active: RegExpExecArray | null = m
  while (active !== null && !ACTIVE.test(active[1]!) && !EVENT_OR_SCRIPT_URL.test(active[0])) active = TAG.exec(prose)
  if (active !== null) {
    ctx.error(
      'value',
      'fhir.markdown.active-html',
      `markdown carries active HTML ${quote(active[0], 40)}; markdown must not contain scripts or event handlers`,
      path,
    )
    return
  }
  ctx.report(
    'warning',
    'value',
    'fhir.markdown.html',
    `markdown contains an HTML tag ${quote(m[0], 40)}; it will be escaped or rendered differently by each reader`,
    path,
  )
}
