// DICOM DA, TM and DT value formats (PS3.5 6.2), written in UTC (TimezoneOffsetFromUTC "+0000").
const p2 = (n: number): string => String(n).padStart(2, '0')

/** YYYYMMDD in UTC. @internal */
export const dicomDate = (d: Date): string => `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`

/** HHMMSS in UTC. @internal */
export const dicomTime = (d: Date): string => `${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`

/** YYYYMMDDHHMMSS+0000. @internal */
export const dicomDateTime = (d: Date): string => `${dicomDate(d)}${dicomTime(d)}+0000`
