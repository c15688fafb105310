// Jest 30 with its default configuration (CommonJS module registry, babel-jest): every package's
// main entry must load, and errors must be recognisable by tag across copies.
const core = require('@openward/core')
const fhir = require('@openward/fhir')
const oximeter = require('@openward/oximeter')
const referral = require('@openward/referral')
const report = require('@openward/report')
const spo2 = require('@openward/spo2')
const validators = require('@openward/validators')

test('every package loads under Jest', () => {
  for (const m of [core, fhir, oximeter, referral, report, spo2, validators]) expect(typeof m).toBe('object')
  expect(typeof fhir.createFhirClient).toBe('function')
})

test('errors are recognised by tag, not by class identity', () => {
  const thrown = (() => {
    try {
      core.getOrThrow({ _tag: 'Left', left: core.taggedError('Conflict', 'version moved') })
    } catch (e) {
      return e
    }
  })()
  expect(core.isOpenwardError(thrown, 'Conflict')).toBe(true)
  // A structurally identical error from another copy of the class is still recognised.
  const foreign = Object.assign(new Error('x'), { name: 'OpenwardError', error: { _tag: 'Conflict', message: 'x' } })
  expect(core.isOpenwardError(foreign, 'Conflict')).toBe(true)
})

test('a decode runs', () => {
  expect(validators.validateNhsNumber('9990000018')._tag).toBe('Right')
})
