import { type FhirXmlError, fhirXmlError } from './fhir-xml-error.js'

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml'

// A small XML reader for FHIR XML (R4 xml.html): elements, attributes, text, comments, CDATA and
// the XML declaration. No DTD (a DOCTYPE is refused), no external entities, no entity definitions or
// expansion: only the five predefined entities and character references. Linear: indexOf for the ends
// of comments, CDATA and attribute values; nesting bounded.

/** An element with its attributes, children and the exact source range (for the XHTML div). */
export interface XmlElement {
  readonly name: string
  readonly attributes: ReadonlyMap<string, string>
  readonly children: XmlElement[]
  /** offsets of `<` and just after the closing `>` */
  readonly start: number
  end: number
}

const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Replaces the predefined entities and character references; an error for anything else. */
export function decodeText(raw: string, offset: number): string | FhirXmlError {
  if (!raw.includes('&')) return raw
  let out = ''
  let i = 0
  for (;;) {
    const amp = raw.indexOf('&', i)
    if (amp < 0) return out + raw.slice(i)
    out += raw.slice(i, amp)
    const semi = raw.indexOf(';', amp)
    const ref = semi < 0 || semi - amp > 10 ? undefined : raw.slice(amp + 1, semi)
    let ch: string | undefined
    if (ref !== undefined) {
      if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) ch = safeCodePoint(parseInt(ref.slice(2), 16))
      else if (/^#[0-9]{1,7}$/.test(ref)) ch = safeCodePoint(parseInt(ref.slice(1), 10))
      else ch = PREDEFINED[ref]
    }
    if (ch === undefined)
      return fhirXmlError(
        'entity',
        ref === undefined
          ? 'a bare "&" (write &amp;)'
          : `entity &${ref}; is not defined (FHIR XML allows only the five XML entities and character references)`,
        { offset: offset + amp },
      )
    out += ch
    i = semi + 1
  }
}

function safeCodePoint(n: number): string | undefined {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : undefined
}

/** Reads the document's root element; text between elements is ignored except inside `value`s. */
export function readXml(s: string, maxDepth: number): XmlElement | FhirXmlError {
  let i = 0
  const stack: XmlElement[] = []
  const inXhtml: boolean[] = [] // per open element: is it (inside) an XHTML div
  let xhtmlDepth = 0
  let root: XmlElement | undefined
  if (s.charCodeAt(0) === 0xfeff) i = 1
  while (i < s.length) {
    const lt = s.indexOf('<', i)
    if (lt < 0) {
      if (/[^ \t\r\n]/.test(s.slice(i))) return fhirXmlError('malformed', 'text after the root element', { offset: i })
      break
    }
    if (lt > i && /[^ \t\r\n]/.test(s.slice(i, lt))) {
      if (stack.length === 0) return fhirXmlError('malformed', 'text outside the root element', { offset: i })
      // FHIR elements carry values in `value` attributes (R4 xml.html); text is only XHTML content.
      // Dropping it would silently lose data, so it is an error.
      if (xhtmlDepth === 0)
        return fhirXmlError('malformed', `text inside <${stack.at(-1)!.name}>: FHIR XML puts values in value="..."`, {
          offset: i,
        })
    }
    i = lt
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4)
      if (end < 0) return fhirXmlError('malformed', 'a comment is not closed', { offset: i })
      i = end + 3
      continue
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9)
      if (end < 0) return fhirXmlError('malformed', 'a CDATA section is not closed', { offset: i })
      i = end + 3
      continue
    }
    if (s.startsWith('<!', i))
      return fhirXmlError(
        /^<!DOCTYPE/i.test(s.slice(i, i + 9)) ? 'doctype' : 'malformed',
        'a DOCTYPE or declaration is not allowed in FHIR XML (no DTDs, external entities or entity expansion)',
        { offset: i },
      )
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2)
      if (end < 0) return fhirXmlError('malformed', 'a processing instruction is not closed', { offset: i })
      i = end + 2
      continue
    }
    if (s.startsWith('</', i)) {
      const start = i
      i += 2
      const nameStart = i
      while (i < s.length && isNameChar(s.charCodeAt(i))) i++
      const name = s.slice(nameStart, i)
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
      if (s.charCodeAt(i) !== 62)
        return fhirXmlError('malformed', `closing tag </${name}> is not closed`, { offset: start })
      i++
      const open = stack.pop()
      if (inXhtml.pop() === true) xhtmlDepth--
      if (open === undefined || open.name !== name)
        return fhirXmlError('malformed', `</${name}> closes ${open === undefined ? 'nothing' : `<${open.name}>`}`, {
          offset: start,
        })
      open.end = i
      if (stack.length === 0) root = open
      continue
    }
    // start tag
    const start = i
    i++
    if (!isNameStart(s.charCodeAt(i))) return fhirXmlError('malformed', 'a "<" that starts no tag', { offset: start })
    const nameStart = i
    while (i < s.length && isNameChar(s.charCodeAt(i))) i++
    const name = s.slice(nameStart, i)
    const attributes = new Map<string, string>()
    for (;;) {
      const before = i
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
      const c = s.charCodeAt(i)
      if (c === 62 || (c === 47 && s.charCodeAt(i + 1) === 62)) break
      if (i === before || !isNameStart(c))
        return fhirXmlError('malformed', `<${name}> has a malformed attribute list`, { offset: i })
      const an = i
      while (i < s.length && isNameChar(s.charCodeAt(i))) i++
      const attr = s.slice(an, i)
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
      if (s.charCodeAt(i) !== 61) return fhirXmlError('malformed', `attribute ${attr} has no value`, { offset: i })
      i++
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
      const q = s.charCodeAt(i)
      if (q !== 34 && q !== 39) return fhirXmlError('malformed', `attribute ${attr} is not quoted`, { offset: i })
      const end = s.indexOf(q === 34 ? '"' : "'", i + 1)
      if (end < 0) return fhirXmlError('malformed', `attribute ${attr} is not closed`, { offset: i })
      const raw = s.slice(i + 1, end)
      if (raw.includes('<')) return fhirXmlError('malformed', `attribute ${attr} contains "<"`, { offset: i })
      // XML attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace becomes a space.
      const value = decodeText(raw.replace(/[\t\n\r]/g, ' '), i + 1)
      if (typeof value !== 'string') return value
      if (attributes.has(attr)) return fhirXmlError('malformed', `attribute ${attr} appears twice`, { offset: an })
      attributes.set(attr, value)
      i = end + 1
    }
    const element: XmlElement = { name, attributes, children: [], start, end: -1 }
    if (root !== undefined) return fhirXmlError('malformed', 'more than one root element', { offset: start })
    stack.at(-1)?.children.push(element)
    if (s.charCodeAt(i) === 47) {
      i += 2
      element.end = i
      if (stack.length === 0) root = element
    } else {
      i++
      stack.push(element)
      const xhtml = xhtmlDepth > 0 || (name === 'div' && attributes.get('xmlns') === XHTML_NAMESPACE)
      inXhtml.push(xhtml)
      if (xhtml) xhtmlDepth++
      if (stack.length > maxDepth)
        return fhirXmlError('too-deep', `elements nested deeper than ${maxDepth}`, { offset: start })
    }
  }
  if (stack.length > 0) return fhirXmlError('malformed', `<${stack.at(-1)!.name}> is not closed`, { offset: s.length })
  if (root === undefined) return fhirXmlError('malformed', 'no root element', { offset: 0 })
  return root
}
