import { parseArgs } from 'node:util'

import { checkIdentifier, IDENTIFIER_KINDS, isIdentifierKind, validateResource } from '@openward/validators'
import * as E from 'fp-ts/lib/Either.js'

import { type Command, type CommandIo, ExitCode } from '../command.js'
import { readInputBytes } from '../input/read-input.js'
import { UsageError } from '../usage-error.js'

const help = `Usage: openward validate [--profile <url>]... <file.json | ->
       openward validate --kind <kind> <value>

Validates a FHIR R4 resource (JSON) against the R4 base definitions, their FHIRPath invariants and
UK Core rules (profiles named in meta.profile or with --profile), and prints the result as a FHIR
OperationOutcome. With --kind, validates one identifier or code and prints a JSON verdict.

Kinds: ${IDENTIFIER_KINDS.join(', ')}

Options:
  --profile <url>  also check this profile (repeatable), e.g.
                   https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient
  --kind <kind>    validate <value> as this kind of identifier or code

Examples:
  openward validate observation.json
  cat bundle.json | openward validate -
  openward validate --kind nhs-number "943 476 5919"
  openward validate --kind ucum "mm[Hg]"

Exit codes: 0 valid (no errors), 1 invalid, 2 usage, 3 the file cannot be read.
`

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { kind: { type: 'string' }, profile: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  })
  if (positionals.length !== 1) throw new UsageError('expects exactly one file (or -) or, with --kind, one value')
  const arg = positionals[0]!
  if (values.kind !== undefined) {
    if (!isIdentifierKind(values.kind))
      throw new UsageError(`unknown --kind '${values.kind}' (one of ${IDENTIFIER_KINDS.join(', ')})`)
    const verdict = checkIdentifier(values.kind, arg)
    io.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`)
    return verdict.valid ? ExitCode.ok : ExitCode.invalid
  }
  const bytes = await readInputBytes(arg, io)
  if (E.isLeft(bytes)) {
    io.stderr.write(`openward validate: cannot read ${arg}: ${bytes.left}\n`)
    return ExitCode.io
  }
  const result = validateResource(new TextDecoder().decode(bytes.right), { profiles: values.profile ?? [] })
  io.stdout.write(`${JSON.stringify(result.outcome, null, 2)}\n`)
  return result.valid ? ExitCode.ok : ExitCode.invalid
}

/** `openward validate`: FHIR R4 / UK Core resources and NHS identifiers. */
export const validate: Command = {
  name: 'validate',
  summary: 'validate a FHIR R4 resource (OperationOutcome) or an identifier (--kind nhs-number|snomed|...)',
  help,
  run,
}
