// Browser bundle for the IndexedDB outbox test: the package's main entry, exposed on window.
import * as fhir from '../../src/index.js'

Object.assign(window, { fhir, ready: true })
