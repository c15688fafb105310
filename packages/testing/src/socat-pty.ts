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

/** How long socat may take to print both pty names under a loaded CI machine before the test fails. */
const SOCAT_START_MS = 20_000
/** How long `close()` waits for socat to end after SIGTERM before it SIGKILLs it. */
const SOCAT_STOP_MS = 5_000

const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null

/** Resolves once `child` has exited (at once if it already has), or after `ms`; says which. */
function exitWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (ended(child)) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit)
      resolve(false)
    }, ms)
    const onExit = () => {
      clearTimeout(timer)
      resolve(true)
    }
    child.once('exit', onExit)
  })
}

/** Ends socat: SIGTERM, then SIGKILL if it is still there after {@link SOCAT_STOP_MS}. Never waits for ever. */
async function stopSocat(child: ChildProcess): Promise<void> {
  if (ended(child)) return
  child.kill('SIGTERM')
  if (await exitWithin(child, SOCAT_STOP_MS)) return
  child.kill('SIGKILL')
  await exitWithin(child, SOCAT_STOP_MS)
}

/**
 * Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and waits until both ptys exist and it is relaying.
 * The wait races socat's exit and has a deadline, so a socat that dies or stalls fails the test with its
 * log instead of hanging it; socat is stopped on every failure path.
 */
export async function openPtyPair(): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let log = ''
  let device: SerialPort | undefined
  try {
    const [sdkPath, devicePath] = await new Promise<[string, string]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socat did not start within ${SOCAT_START_MS} ms: ${log}`)),
        SOCAT_START_MS,
      )
      const settle = () => {
        clearTimeout(timer)
        child.stderr?.off('data', onData)
        child.off('exit', onExit)
        child.off('error', onError)
      }
      const onData = (d: Buffer) => {
        log += d.toString()
        const ptys = [...log.matchAll(/PTY is (\S+)/g)].map((m) => m[1]!)
        if (ptys.length === 2 && log.includes('starting data transfer loop')) {
          settle()
          resolve([ptys[0]!, ptys[1]!])
        }
      }
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        settle()
        reject(new Error(`socat exited (${code ?? signal}) before relaying: ${log}`))
      }
      const onError = (e: Error) => {
        settle()
        reject(e)
      }
      child.stderr?.on('data', onData)
      child.once('exit', onExit)
      child.once('error', onError)
    })
    const opened = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false })
    device = opened
    await new Promise<void>((resolve, reject) => opened.open((e) => (e ? reject(e) : resolve())))
    return ptyPair(child, opened, sdkPath, devicePath)
  } catch (e) {
    if (device?.isOpen) await new Promise<void>((r) => device!.close(() => r()))
    await stopSocat(child)
    throw e
  }
}

function ptyPair(child: ChildProcess, device: SerialPort, sdkPath: string, devicePath: string): PtyPair {
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
    // Safe to call twice, and after socat died on its own (a signalled socat has exitCode null:
    // waiting for an 'exit' that has already happened would hang the test's afterEach for ever).
    close: async () => {
      if (device.isOpen) await new Promise<void>((r) => device.close(() => r()))
      await stopSocat(child)
    },
  }
}

/**
 * Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. The deadline only
 * bounds a wait that has gone wrong (it is not a timing assertion), so it is generous: pty I/O between
 * socat and the test can stall for seconds on a loaded CI machine.
 */
export async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting (${timeoutMs} ms)`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
