import { describe, expect, it } from 'vitest'

import { validateResource } from '../src/index.js'

// Base-spec rules from the text of FHIR R4 (4.0.1), each test citing the page and section or
// invariant it is built from. These are the classes where the reference (Java) validator and
// this package used to disagree (issue 17).

const XHTML = 'http://www.w3.org/1999/xhtml'
const withNarrative = (div: string): Record<string, unknown> => ({
  resourceType: 'Basic',
  code: { text: 'note' },
  text: { status: 'generated', div },
})
const ids = (r: { issues: readonly { id: string; severity: string }[] }): string[] => [
  ...new Set(r.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => i.id)),
]

describe('narrative XHTML (R4 narrative.html#xhtml, txt-1, txt-2)', () => {
  it('accepts the basic formatting elements, tables, links, images and entities', () => {
    const div =
      `<div xmlns="${XHTML}"><h1 class="x">Title</h1><p style="color:red">a &amp; b &lt; c &nbsp;&#169;&#x00A9;</p>` +
      '<table border="1"><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' +
      '<a href="http://example.org/x" name="n">link</a><img src="#pic" alt="pic"/><br/><!-- comment --><ul><li>i</li></ul></div>'
    expect(ids(validateResource(withNarrative(div)))).toEqual([])
  })

  it('txt-1: refuses script, event handlers, forms and javascript: links', () => {
    const cases = [
      `<div xmlns="${XHTML}"><script>alert(1)</script>x</div>`,
      `<div xmlns="${XHTML}"><p onclick="alert(1)">x</p></div>`,
      `<div xmlns="${XHTML}"><form><input/></form>x</div>`,
      `<div xmlns="${XHTML}"><a href="javascript:alert(1)">x</a></div>`,
      `<div xmlns="${XHTML}"><iframe src="http://evil.example"></iframe>x</div>`,
      `<div xmlns="${XHTML}"><p data-x="1">x</p></div>`,
    ]
    for (const div of cases) {
      const r = validateResource(withNarrative(div))
      expect([div, ids(r)]).toEqual([div, ['fhir.invariant.txt-1']])
    }
    const script = validateResource(withNarrative(cases[0]!))
    expect(script.issues.find((i) => i.id === 'fhir.invariant.txt-1')?.message).toContain('scripts are not allowed')
  })

  it('txt-2: a narrative of whitespace only is an error; an image alone is content', () => {
    expect(ids(validateResource(withNarrative(`<div xmlns="${XHTML}">  <p> </p>\n</div>`)))).toEqual([
      'fhir.invariant.txt-2',
    ])
    expect(ids(validateResource(withNarrative(`<div xmlns="${XHTML}"><img src="#a" alt=""/></div>`)))).toEqual([])
  })

  it('well-formed XHTML in the XHTML namespace, with valid entities only', () => {
    const bad = [
      '<div>x</div>', // no namespace
      `<div xmlns="${XHTML}"><p>x</div>`, // misnested
      `<div xmlns="${XHTML}">a & b</div>`, // bare ampersand
      `<div xmlns="${XHTML}">&bogus;</div>`, // unknown entity
      `<div xmlns="${XHTML}"><p class=x>x</p></div>`, // unquoted attribute
      `<p xmlns="${XHTML}">x</p>`, // root is not a div
      `<div xmlns="${XHTML}">x</div><div>y</div>`, // two roots
    ]
    for (const div of bad)
      expect([div, ids(validateResource(withNarrative(div)))]).toEqual([div, ['fhir.xhtml.invalid']])
  })

  it('refuses a DOCTYPE (no DTD, no entity definitions, no expansion)', () => {
    const div = `<!DOCTYPE div [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><div xmlns="${XHTML}">&b;</div>`
    const r = validateResource(withNarrative(div))
    expect(r.issues.find((i) => i.id === 'fhir.xhtml.invalid')?.message).toContain('a DOCTYPE is not allowed')
  })
})
