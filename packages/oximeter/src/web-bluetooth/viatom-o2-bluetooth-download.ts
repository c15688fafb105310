import { pipe } from 'fp-ts/lib/function.js'
import * as TE from 'fp-ts/lib/TaskEither.js'

import { deviceProfile } from '../device-registry.js'
import type { DownloadError } from '../download/download-errors.js'
import type { DownloadedSession } from '../download/downloaded-session.js'
import { downloadViatomO2Sessions, type ViatomO2DownloadOptions } from '../download/viatom-o2-download.js'
import { openGattDownloadLink } from './gatt-download-link.js'

/**
 * Downloads the stored nights of a Viatom/Wellue O2 device (O2Ring, Checkme O2, ...) over Web
 * Bluetooth: the O2 service (write 8B00ACE7-…, notify 0734594A-…; spec note §3.3) through
 * {@link openGattDownloadLink}, then {@link downloadViatomO2Sessions} (file list, file open, block
 * reads with CRC-8 checks, resume after a drop). The device comes from `requestDevice` (see
 * `bluetoothRequestOptionsOrThrow(['viatom-o2'])`) or `navigator.bluetooth.getDevices()`. Do not stream
 * live values from the same device during a download: O2 replies do not say which request they
 * answer. The link is closed (disconnected) at the end, whatever the outcome.
 *
 * @example
 * const device = await navigator.bluetooth.requestDevice(bluetoothRequestOptionsOrThrow(['viatom-o2']))
 * const result = await downloadViatomO2OverBluetooth(device, { onProgress: (p) => show(p) })()
 * @category web-bluetooth
 */
export function downloadViatomO2OverBluetooth(
  device: BluetoothDevice,
  options: ViatomO2DownloadOptions = {},
): TE.TaskEither<DownloadError, DownloadedSession[]> {
  const gatt = deviceProfile('viatom-o2').gatt
  const name = device.name
  return pipe(
    openGattDownloadLink({
      device,
      service: gatt?.service ?? '',
      write: gatt?.write ?? '',
      notify: gatt?.subscribe[0]?.uuid ?? '',
    }),
    TE.chainW((link) =>
      TE.fromTask(async () => {
        const result = await downloadViatomO2Sessions(link, {
          ...options,
          device: options.device ?? { id: device.id, ...(name ? { name } : {}) },
        })()
        await link.close().catch(() => undefined)
        return result
      }),
    ),
    TE.chainEitherKW((result) => result),
  )
}
