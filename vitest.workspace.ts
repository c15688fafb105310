// The list of vitest projects. Vitest 4 reads it through `test.projects` in vitest.config.ts
// (the standalone workspace file is deprecated), so this module only exports the list.
export const projects: string[] = ['packages/*/vitest.config.ts', 'examples/*/vitest.config.ts']
