import { type ChildProcess, spawn } from 'node:child_process'

import { SerialPort } from 'serialport'

/** A real pty pair from socat: the hub opens `hubPath`, the test plays the oximeter on the other end. */
export interface PtyPair {
  readonly hubPath: string
  write(bytes: Uint8Array): Promise<void>
  close(): Promise<void>
}

/** Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and waits until both ptys exist and it is relaying. */
export async function openPtyPair(): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const [hubPath, devicePath] = await new Promise<[string, string]>((resolve, reject) => {
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
  device.on('data', () => undefined) // the hub's start commands: a real device would act on them
  return {
    hubPath,
    write: (bytes) =>
      new Promise((resolve, reject) =>
        device.write(Buffer.from(bytes), (e) => (e ? reject(e) : device.drain(() => resolve()))),
      ),
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
