import { type TaggedError, taggedError } from '@openward/core'

/** Why FHIR XML could not be read or written. @category xml */
export type FhirXmlErrorKind =
  'doctype' | 'malformed' | 'entity' | 'too-deep' | 'too-large' | 'not-fhir' | 'not-a-resource'

/**
 * A typed failure of {@link parseFhirXml} or {@link toFhirXml}: `kind`, where (`offset` in the text,
 * or the JSON `path`), and a message. @category xml
 */
export type FhirXmlError = TaggedError<'FhirXmlError'> & {
  readonly kind: FhirXmlErrorKind
  readonly offset?: number
  readonly path?: string
}

export const fhirXmlError = (
  kind: FhirXmlErrorKind,
  message: string,
  where: { offset?: number; path?: string } = {},
): FhirXmlError => taggedError('FhirXmlError', message, { kind, ...where })
