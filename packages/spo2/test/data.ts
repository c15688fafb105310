import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Reads a shared recording (`../shared/data/spo2`, never copied into the repo) as the spo2 column. */
export function readSpo2Column(name: string): number[] {
  const path = fileURLToPath(new URL(`../../../../shared/data/spo2/${name}`, import.meta.url))
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1)
  return lines.map((l) => Number(l.split(',')[1]))
}

export const OVERNIGHT = 'physiozoo_304_overnight_1hz.csv'
export const CORC = 'physiozoo_corc_icu_1hz.csv'
export const EXAMPLE_1H = 'physiozoo_example_spo2_1h_1hz.csv'
export const MIMIC = 'mimic2_s00001_numerics_1permin.csv'
export const UBICOMP = [1, 2, 3, 4, 5, 6].map((i) => `ubicomp_varied_fio2_10000${i}_masimo_1hz.csv`)
