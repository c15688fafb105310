// moduleResolution node10 ignores "exports": subpath types come from typesVersions.
import type { openFileOutboxStoreOrThrow } from '@openward/fhir/node'
import type { openSerialOximeter } from '@openward/oximeter/node-serial'
import type { requestOximeter } from '@openward/oximeter/web-bluetooth'
import type { requestSerialOximeter } from '@openward/oximeter/web-serial'
import type { writePackageDirectory } from '@openward/referral/node'

export type Node10Subpaths = [
  typeof openFileOutboxStoreOrThrow,
  typeof openSerialOximeter,
  typeof requestOximeter,
  typeof requestSerialOximeter,
  typeof writePackageDirectory,
]
