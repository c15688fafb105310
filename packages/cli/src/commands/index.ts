import type { Command } from '../command.js'
import { analyze } from './analyze.js'
import { decode } from './decode.js'
import { importCommand } from './import.js'
import { record } from './record.js'
import { replay } from './replay.js'
import { packageImages } from './package-images.js'
import { push } from './push.js'
import { report } from './report.js'
import { sandbox } from './sandbox.js'
import { validate } from './validate.js'

/**
 * Every `openward` sub-command, in the order `openward --help` lists them.
 * Add a command: write `src/commands/<name>.ts` exporting a `Command`, then list it here.
 */
export const commands: readonly Command[] = [
  // devices and recordings
  decode,
  record,
  replay,
  importCommand,
  // analysis
  analyze,
  report,
  // records and referrals
  validate,
  push,
  packageImages,
  sandbox,
]
