/*
 * The slice of the IndexedDB API (W3C "Indexed Database API 3.0") the outbox store uses, declared
 * structurally so that consumers compiling our sources without the DOM lib still type-check.
 */

export interface IdbRequestLike<T> {
  readonly result: T
  readonly error: unknown
  onsuccess: (() => void) | null
  onerror: (() => void) | null
}

export interface IdbOpenRequestLike extends IdbRequestLike<IdbDatabaseLike> {
  onupgradeneeded: (() => void) | null
}

export interface IdbCursorLike {
  readonly value: unknown
  continue(): void
}

export interface IdbObjectStoreLike {
  put(value: unknown, key?: string): IdbRequestLike<unknown>
  get(key: number | string): IdbRequestLike<unknown>
  delete(key: number): IdbRequestLike<undefined>
  count(): IdbRequestLike<number>
  openCursor(): IdbRequestLike<IdbCursorLike | null>
}

export interface IdbTransactionLike {
  readonly error: unknown
  objectStore(name: string): IdbObjectStoreLike
  oncomplete: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}

export interface IdbDatabaseLike {
  createObjectStore(name: string, options?: { keyPath: string }): unknown
  transaction(
    stores: string | string[],
    mode?: 'readonly' | 'readwrite',
    options?: { durability: 'strict' | 'relaxed' | 'default' },
  ): IdbTransactionLike
  close(): void
}

/** An IndexedDB factory (`window.indexedDB`, or a test double). @category outbox */
export interface IdbFactoryLike {
  open(name: string, version?: number): IdbOpenRequestLike
}
