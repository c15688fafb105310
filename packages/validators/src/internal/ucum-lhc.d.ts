// Minimal typing of the parts of @lhncbc/ucum-lhc 7.x we use (the package ships no types).
declare module '@lhncbc/ucum-lhc' {
  interface UcumValidation {
    readonly status: 'valid' | 'invalid' | 'error'
    readonly ucumCode: string | null
    readonly msg: readonly string[]
    readonly unit?: { readonly code: string; readonly name: string; readonly guidance: string | null }
  }
  interface UcumLhcUtilsInstance {
    validateUnitString(unit: string, suggest?: boolean): UcumValidation
  }
  const ucum: { readonly UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance } }
  export default ucum
}
