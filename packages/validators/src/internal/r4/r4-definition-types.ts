/** One element of a type in the compact R4 table (see scripts/generate-r4-definitions.mjs). */
export interface CompactElement {
  /** min cardinality */
  readonly n: number
  /** max cardinality, -1 for `*` */
  readonly x: number
  /** type codes; a backbone element's type is its own path (`Observation.component`) */
  readonly t: readonly string[]
  /** 1 when the element is a choice `name[x]` */
  readonly ch?: number
  /** canonical URL of a required binding whose expansion is in `bindings` */
  readonly b?: string
  /** indices into `constraints` */
  readonly c?: readonly number[]
  /** resource types a Reference may target (absent: any) */
  readonly r?: readonly string[]
}

/** A resource (`r`), complex data type (`c`) or backbone element (`b`). */
export interface CompactType {
  readonly k: 'r' | 'c' | 'b'
  readonly e: Readonly<Record<string, CompactElement>>
  readonly c?: readonly number[]
}

/** `[key, severity e|w, human, expression, path]` */
export type CompactConstraint = readonly [string, 'e' | 'w', string, string, string]

/** The whole generated table. */
export interface R4Definitions {
  readonly types: Readonly<Record<string, CompactType>>
  readonly constraints: readonly CompactConstraint[]
  readonly bindings: Readonly<Record<string, readonly string[]>>
  readonly primitives: Readonly<Record<string, string | null>>
}
