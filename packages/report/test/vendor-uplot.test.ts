import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import { describe, expect, it } from 'vitest'

import { scriptJson } from '../src/index.js'
import { UPLOT_CSS, UPLOT_JS, UPLOT_VERSION } from '../src/vendor/uplot.generated.js'

const require = createRequire(import.meta.url)

describe('embedded uPlot', () => {
  it('is byte for byte the installed uplot build (rerun scripts/vendor-uplot.mjs after an upgrade)', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('uplot/package.json'), 'utf8')) as { version: string }
    expect(UPLOT_VERSION).toBe(pkg.version)
    expect(UPLOT_JS).toBe(readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'))
    expect(UPLOT_CSS).toBe(readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'))
  })

  it('data embedded in a script element cannot close it', () => {
    const json = scriptJson({ title: '</script><script>alert(1)</script>', line: 'a\u2028b' })
    expect(json).not.toContain('</')
    expect(json).not.toContain('\u2028')
    expect(JSON.parse(json)).toEqual({ title: '</script><script>alert(1)</script>', line: 'a\u2028b' })
  })
})
