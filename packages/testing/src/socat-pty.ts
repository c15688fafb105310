import { type ChildProcess, spawn } from 'node:child_process'

import { SerialPort } from 'serialport'

/** A real pty pair from socat: the SDK opens `sdkPath`, the test plays the device on the other end. */
export interface PtyPair {
  readonly sdkPath: string
  readonly devicePath: string
  /** Writes bytes as the device and waits until they are handed to the kernel. */
  write(bytes: Uint8Array): Promise<void>
  /** Everything the SDK wrote to the device so far. */
  received(): Uint8Array
  close(): Promise<void>
}

/** Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and waits until both ptys exist and it is relaying. */
export async function openPtyPair(): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const [sdkPath, devicePath] = await new Promise<[string, string]>((resolve, reject) => {
    let log = ''
    const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000)
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString()
      const ptys = [...log.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!)
      if (ptys.length === 2 && log.includes('starting data transfer loop')) {
        clearTimeout(timer)
        resolve([ptys[0]!, ptys[1]!])
      }
    })
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
  const device = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false })
  await new Promise<void>((resolve, reject) => device.open((e) => (e ? reject(e) : resolve())))
  const fromSdk: number[] = []
  device.on('data', (d: Buffer) => fromSdk.push(...d))
  return {
    sdkPath,
    devicePath,
    write: (bytes) =>
      new Promise((resolve, reject) =>
        device.write(Buffer.from(bytes), (e) => (e ? reject(e) : device.drain(() => resolve()))),
      ),
    received: () => Uint8Array.from(fromSdk),
    close: async () => {
      if (device.isOpen) await new Promise<void>((r) => device.close(() => r()))
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
    },
  }
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 5))
  }
}
