import type { CommandEntry } from '../command.js'

/**
 * Every `openward` sub-command, in the order `openward --help` lists them. A command's module (and
 * the packages behind it) is imported only when that command runs, which keeps `openward --help`
 * near plain `node` start-up (README, "Start-up").
 *
 * Add a command: write `src/commands/<name>.ts` exporting a `Command`, then add one line here:
 * `{ name: 'x', summary: '…', load: async () => (await import('./x.js')).x },`
 */
export const commands: readonly CommandEntry[] = [
  // devices and recordings
  {
    name: 'decode',
    summary: 'decode pulse-oximeter bytes (PLX, Contec, BerryMed, Viatom, Nonin, Jumper) to JSON lines',
    load: async () => (await import('./decode.js')).decode,
  },
  {
    name: 'record',
    summary: 'record a serial oximeter’s raw stream to a replayable file',
    load: async () => (await import('./record.js')).record,
  },
  {
    name: 'replay',
    summary: 'replay a device recording through the decoders (real time, N×, or at once)',
    load: async () => (await import('./replay.js')).replay,
  },
  {
    name: 'import',
    summary: 'convert EDF, CSV and Viatom/Wellue files into a replayable recording',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'download',
    summary: 'download the sessions an oximeter stored (Contec V7, Contec legacy) to replayable recordings',
    load: async () => (await import('./download.js')).download,
  },
  // analysis
  {
    name: 'analyze',
    summary: 'summarise SpO2 recordings (CSV, EDF, Viatom, .owrec): ODI3/ODI4, CT90/CT88, nadir, events',
    load: async () => (await import('./analyze.js')).analyze,
  },
  {
    name: 'report',
    summary: 'write an oximetry report (HTML, JSON or CSV) from a recording',
    load: async () => (await import('./report.js')).report,
  },
  // records and referrals
  {
    name: 'validate',
    summary: 'validate a FHIR R4 resource (OperationOutcome) or an identifier (--kind nhs-number|snomed|...)',
    load: async () => (await import('./validate.js')).validate,
  },
  {
    name: 'push',
    summary: "send a recording's samples and alerts to a FHIR server through a durable outbox",
    load: async () => (await import('./push.js')).push,
  },
  {
    name: 'package-images',
    summary: 'package referral photos: metadata stripped, DICOM, FHIR bundle, manifest',
    load: async () => (await import('./package-images.js')).packageImages,
  },
  {
    name: 'sandbox',
    summary: 'run a local in-memory FHIR R4 server on 127.0.0.1 (tests, demos; optional package)',
    load: async () => (await import('./sandbox.js')).sandbox,
  },
  {
    name: 'ward',
    summary: 'virtual wards on NATS JetStream: detector workers, FHIR writer, status, local simulation',
    load: async () => (await import('./ward.js')).ward,
  },
]
