import { quote } from '../quote.js'

// The narrative XHTML rules of FHIR R4 (narrative.html#xhtml and the Narrative.div invariants):
// - txt-1: "The narrative SHALL contain only the basic html formatting elements and attributes
//   described in chapters 7-11 (except section 4 of chapter 9) and 15 of the HTML 4.0 standard, <a>
//   elements (either name or href), images and internally contained style attributes"; narrative.html
//   adds: no head, body, scripts, forms, base/link/xlink, frames, iframes, objects or event attributes.
// - txt-2: "The narrative SHALL have some non-whitespace content".
// - The content is a well-formed XHTML fragment whose root is a <div> in the XHTML namespace.
// One linear scan (indexOf for the ends of comments, CDATA and attribute values): no regex that
// can backtrack, nesting bounded, and no DTD or entity expansion.

/** One problem found in a narrative div. */
export interface XhtmlProblem {
  /** `txt-1`, `txt-2` (the R4 invariants) or `xhtml` (not well-formed, wrong namespace). */
  readonly rule: 'txt-1' | 'txt-2' | 'xhtml'
  readonly message: string
}

export const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml'

/** Deepest element nesting accepted in a narrative. */
export const MAX_XHTML_DEPTH = 256
const MAX_PROBLEMS = 10

// HTML 4.0 chapters 7-11 and 15 (minus forms), plus a and img: the list the reference validator uses.
const ELEMENTS = /* @__PURE__ */ new Set(
  (
    'p br div h1 h2 h3 h4 h5 h6 a span b em i strong small big tt dfn q var abbr acronym cite blockquote hr ' +
    'address bdo kbd sub sup ul ol li dl dt dd pre table caption colgroup col thead tr tfoot tbody th td code ' +
    'samp img map area'
  ).split(' '),
)

const GLOBAL_ATTRIBUTES = /* @__PURE__ */ new Set(
  (
    'title style class id lang xml:lang dir accesskey tabindex span width align valign char charoff abbr axis ' +
    'headers scope rowspan colspan'
  ).split(' '),
)

const ELEMENT_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set('href name type rel rev hreflang charset coords shape'.split(' ')),
  img: new Set('src alt height width usemap ismap longdesc align border'.split(' ')),
  div: new Set(['xmlns']),
  blockquote: new Set(['cite']),
  q: new Set(['cite']),
  map: new Set(['name']),
  area: new Set('shape coords href nohref alt'.split(' ')),
  table: new Set('summary width border frame rules cellspacing cellpadding'.split(' ')),
  pre: new Set(['space', 'xml:space']),
  td: new Set(['nowrap']),
  th: new Set(['nowrap']),
}

// XML's five predefined entities and the HTML 4 character entities (HTML 4.01 §24), which the
// reference validator's XHTML parser also accepts. Nothing else: no DTD can define more.
const ENTITIES = /* @__PURE__ */ new Set(
  (
    'quot amp lt gt apos nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg ' +
    'plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute ' +
    'Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve ' +
    'Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc ' +
    'atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ' +
    'ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml fnof Alpha Beta Gamma Delta ' +
    'Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega ' +
    'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau ' +
    'upsilon phi chi psi omega thetasym upsih piv bull hellip prime Prime oline frasl weierp image real trade ' +
    'alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr forall part exist empty nabla isin notin ' +
    'ni prod sum minus lowast radic prop infin ang and or cap cup int there4 sim cong asymp ne equiv le ge sub ' +
    'sup nsub sube supe oplus otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades clubs hearts ' +
    'diams OElig oelig Scaron scaron Yuml circ tilde ensp emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo rsquo ' +
    'sbquo ldquo rdquo bdquo dagger Dagger permil lsaquo rsaquo euro'
  ).split(' '),
)

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13

class Scanner {
  readonly problems: XhtmlProblem[] = []
  i = 0
  hasContent = false
  constructor(readonly s: string) {}

  problem(rule: XhtmlProblem['rule'], message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ rule, message })
  }

  name(): string {
    const start = this.i
    if (this.i < this.s.length && isNameStart(this.s.charCodeAt(this.i))) {
      this.i++
      while (this.i < this.s.length && isNameChar(this.s.charCodeAt(this.i))) this.i++
    }
    return this.s.slice(start, this.i)
  }

  spaces(): void {
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++
  }

  /** Checks the character and entity references of text or an attribute value. */
  text(t: string, where: string): void {
    let amp = t.indexOf('&')
    while (amp >= 0) {
      const semi = t.indexOf(';', amp)
      const ref = semi < 0 || semi - amp > 12 ? undefined : t.slice(amp + 1, semi)
      if (ref === undefined || !validReference(ref)) {
        this.problem(
          'xhtml',
          `${where}: ${ref === undefined ? 'a bare "&" (write &amp;)' : `unknown entity &${ref};`} is not well-formed XHTML`,
        )
        if (ref === undefined) return
      }
      amp = t.indexOf('&', amp + 1)
    }
  }
}

function validReference(ref: string): boolean {
  if (ref.startsWith('#x')) return /^#x[0-9a-fA-F]{1,6}$/.test(ref)
  if (ref.startsWith('#')) return /^#[0-9]{1,7}$/.test(ref)
  return ENTITIES.has(ref)
}

/** Checks a Narrative.div value; returns the problems found (at most 10). */
export function checkXhtml(div: string): readonly XhtmlProblem[] {
  const sc = new Scanner(div)
  const s = div
  const stack: string[] = []
  let rootSeen = false
  while (sc.i < s.length && sc.problems.length < MAX_PROBLEMS) {
    const lt = s.indexOf('<', sc.i)
    const textEnd = lt < 0 ? s.length : lt
    if (textEnd > sc.i) {
      const t = s.slice(sc.i, textEnd)
      if (/[^ \t\r\n]/.test(t)) {
        if (stack.length === 0) sc.problem('xhtml', `text ${quote(t.trim(), 30)} outside the root <div>`)
        else sc.hasContent = true
      }
      sc.text(t, 'text')
      sc.i = textEnd
      continue
    }
    if (s.startsWith('<!--', sc.i)) {
      const end = s.indexOf('-->', sc.i + 4)
      if (end < 0) return fail(sc, 'a comment is not closed')
      sc.i = end + 3
      continue
    }
    if (s.startsWith('<![CDATA[', sc.i)) {
      const end = s.indexOf(']]>', sc.i + 9)
      if (end < 0) return fail(sc, 'a CDATA section is not closed')
      if (/[^ \t\r\n]/.test(s.slice(sc.i + 9, end))) sc.hasContent = true
      sc.i = end + 3
      continue
    }
    if (s.startsWith('<!', sc.i) || s.startsWith('<?', sc.i)) {
      const what = /^<!DOCTYPE/i.test(s.slice(sc.i, sc.i + 9)) ? 'a DOCTYPE' : 'a declaration or processing instruction'
      return fail(sc, `${what} is not allowed in a narrative (no DTDs, no entity definitions)`)
    }
    if (s.startsWith('</', sc.i)) {
      sc.i += 2
      const name = sc.name()
      sc.spaces()
      if (s.charCodeAt(sc.i) !== 62) return fail(sc, `closing tag </${name}> is not well-formed`)
      sc.i++
      const open = stack.pop()
      if (open !== name) return fail(sc, `</${name}> closes ${open === undefined ? 'nothing' : `<${open}>`}`)
      continue
    }
    sc.i++
    const name = sc.name()
    if (name === '') return fail(sc, 'a "<" that starts no tag (write &lt;)')
    if (stack.length === 0) {
      if (rootSeen) sc.problem('xhtml', `<${name}> after the root <div>: a narrative has one root element`)
      else if (name !== 'div') sc.problem('xhtml', `the root element is <${name}>; it must be <div>`)
      rootSeen = true
    }
    checkElement(sc, name)
    const attributes = new Map<string, string>()
    for (;;) {
      const before = sc.i
      sc.spaces()
      const c = s.charCodeAt(sc.i)
      if (c === 62 /* > */ || (c === 47 /* / */ && s.charCodeAt(sc.i + 1) === 62)) break
      if (sc.i === before || !isNameStart(c)) return fail(sc, `<${name}> has a malformed attribute list`)
      const attr = sc.name()
      sc.spaces()
      if (s.charCodeAt(sc.i) !== 61 /* = */) return fail(sc, `attribute ${attr} of <${name}> has no value`)
      sc.i++
      sc.spaces()
      const q = s.charCodeAt(sc.i)
      if (q !== 34 && q !== 39) return fail(sc, `attribute ${attr} of <${name}> is not quoted`)
      const end = s.indexOf(q === 34 ? '"' : "'", sc.i + 1)
      if (end < 0) return fail(sc, `attribute ${attr} of <${name}> is not closed`)
      const value = s.slice(sc.i + 1, end)
      sc.i = end + 1
      if (value.includes('<')) sc.problem('xhtml', `attribute ${attr} of <${name}> contains "<"`)
      if (attributes.has(attr)) sc.problem('xhtml', `attribute ${attr} appears twice on <${name}>`)
      attributes.set(attr, value)
      sc.text(value, `attribute ${attr} of <${name}>`)
      checkAttribute(sc, name, attr, value)
    }
    if (stack.length === 0 && name === 'div' && attributes.get('xmlns') !== XHTML_NAMESPACE)
      sc.problem('xhtml', `the root <div> must be in the XHTML namespace (xmlns="${XHTML_NAMESPACE}")`)
    if (name === 'img') sc.hasContent = true
    if (s.charCodeAt(sc.i) === 47) sc.i += 2
    else {
      sc.i++
      stack.push(name)
      if (stack.length > MAX_XHTML_DEPTH) return fail(sc, `elements nested deeper than ${MAX_XHTML_DEPTH}`)
    }
  }
  if (stack.length > 0 && sc.problems.length < MAX_PROBLEMS) sc.problem('xhtml', `<${stack.at(-1)}> is not closed`)
  if (!rootSeen) sc.problem('xhtml', 'no root <div> element')
  if (!sc.hasContent) sc.problem('txt-2', 'txt-2: the narrative has no non-whitespace content')
  return sc.problems
}

function fail(sc: Scanner, message: string): readonly XhtmlProblem[] {
  sc.problem('xhtml', `${message} (at offset ${sc.i})`)
  return sc.problems
}

function checkElement(sc: Scanner, name: string): void {
  if (ELEMENTS.has(name)) return
  const why = /^(script|noscript)$/i.test(name)
    ? 'scripts are not allowed'
    : /^(form|input|button|select|textarea|label|fieldset|option)$/i.test(name)
      ? 'forms are not allowed'
      : /^(i?frame|frameset|object|embed|applet|head|body|html|base|link|meta|style)$/i.test(name)
        ? 'narrative.html forbids it'
        : 'not a basic HTML 4.0 formatting element'
  sc.problem('txt-1', `txt-1: element <${name}> is not allowed in a narrative (${why})`)
}

function checkAttribute(sc: Scanner, element: string, attr: string, value: string): void {
  if (/^on/i.test(attr)) {
    sc.problem('txt-1', `txt-1: event attribute ${attr} on <${element}> is not allowed (no scripts)`)
    return
  }
  if (!GLOBAL_ATTRIBUTES.has(attr) && ELEMENT_ATTRIBUTES[element]?.has(attr) !== true && !attr.startsWith('xmlns')) {
    sc.problem('txt-1', `txt-1: attribute ${attr} is not allowed on <${element}>`)
    return
  }
  if ((attr === 'href' || attr === 'src') && /^\s*(javascript|vbscript):/i.test(value))
    sc.problem('txt-1', `txt-1: ${attr} on <${element}> runs a script (${quote(value, 30)})`)
}
