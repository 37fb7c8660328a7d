// The same open data must be the same file each time it is downloaded or exported: a workbook (a zip) made
// twice otherwise differs by the time fflate stamps on each entry as it zips it. The times are rewritten in
// place in the zip's headers, so nothing is decompressed or compressed again (a year-end build makes 423).

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** 1 January 1980 00:00, the DOS epoch: time 0, date (0 << 9) | (1 << 5) | 1. */
const FIXED_DOS_TIME = 0;
const FIXED_DOS_DATE = 0x0021;

function endOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes and may be followed by a comment of up to 65,535 bytes.
  for (let offset = view.byteLength - 22; offset >= Math.max(0, view.byteLength - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('not a zip file: no end of central directory record');
}

/** The zip again with every entry stamped with one fixed time, its entries and their bytes otherwise as they were. */
export function withFixedEntryTimes(zip: Uint8Array): Buffer {
  const stamped = Buffer.from(zip);
  const view = new DataView(stamped.buffer, stamped.byteOffset, stamped.byteLength);
  const end = endOfCentralDirectory(view);
  const entries = view.getUint16(end + 10, true);
  let central = view.getUint32(end + 16, true);
  for (let index = 0; index < entries; index += 1) {
    if (view.getUint32(central, true) !== CENTRAL_HEADER) throw new Error(`not a zip file: entry ${String(index)} has no central directory header`);
    const local = view.getUint32(central + 42, true);
    if (view.getUint32(local, true) !== LOCAL_HEADER) throw new Error(`not a zip file: entry ${String(index)} has no local header`);
    view.setUint16(central + 12, FIXED_DOS_TIME, true);
    view.setUint16(central + 14, FIXED_DOS_DATE, true);
    view.setUint16(local + 10, FIXED_DOS_TIME, true);
    view.setUint16(local + 12, FIXED_DOS_DATE, true);
    central += 46 + view.getUint16(central + 28, true) + view.getUint16(central + 30, true) + view.getUint16(central + 32, true);
  }
  return stamped;
}
