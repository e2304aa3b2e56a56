// A small ZIP reader and writer for the tests of `parindex/tables`, written from the format
// (APPNOTE: local headers, central directory, end record) and independent of the module's own
// readers: it lists a produced file's parts and reads their XML, and writes a filled template back
// (stored, uncompressed). Web APIs only (DecompressionStream), so that it runs in Node and in
// browsers alike.

const u16 = (b, i) => b[i] | (b[i + 1] << 8);
const u32 = (b, i) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;

async function inflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The parts of a ZIP archive, by name, in the order of its central directory (bytes). */
export async function unzip(bytes) {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("not a ZIP archive: no end of central directory record");
  const count = u16(bytes, end + 10);
  let p = u32(bytes, end + 16);
  const parts = new Map();
  const names = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (u32(bytes, p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const method = u16(bytes, p + 10);
    const packed = u32(bytes, p + 20);
    const size = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (u32(bytes, local) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, start + packed);
    if (name.endsWith("/")) continue;
    if (method === 0) parts.set(name, data.slice());
    else if (method === 8) parts.set(name, await inflateRaw(data));
    else throw new Error(`${name}: compression method ${method}`);
    if (parts.get(name).length !== size) throw new Error(`${name}: ${parts.get(name).length} bytes, the directory says ${size}`);
  }
  return parts;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive of `parts` (a Map of name to bytes), every part stored. */
export function zip(parts) {
  const enc = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  const header = (size) => {
    const b = new Uint8Array(size);
    return [b, new DataView(b.buffer)];
  };
  for (const [name, data] of parts) {
    const n = enc.encode(name);
    const crc = crc32(data);
    const [l, lv] = header(30);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true); // UTF-8 names
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, n.length, true);
    const [c, cv] = header(46);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, n.length, true);
    cv.setUint32(42, offset, true);
    chunks.push(l, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, b) => s + b.length, 0);
  const [e, ev] = header(22);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, parts.size, true);
  ev.setUint16(10, parts.size, true);
  ev.setUint32(12, size, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, e];
  const out = new Uint8Array(all.reduce((s, b) => s + b.length, 0));
  let p = 0;
  for (const b of all) {
    out.set(b, p);
    p += b.length;
  }
  return out;
}

/** A worksheet's cells as `{ "A1": text }`: shared strings resolved, inline strings and numbers
 * as written (a formula's cached value). */
export function cells(sheetXml, sharedXml = "") {
  const text = (x) =>
    [...x.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)]
      .map((m) => m[1])
      .join("")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => text(m[1]));
  const out = {};
  for (const m of sheetXml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const [, ref, attrs, inner = ""] = m;
    const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
    if (/t="s"/.test(attrs) && v) out[ref] = shared[Number(v[1])];
    else if (/t="inlineStr"/.test(attrs)) out[ref] = text(inner);
    else if (v) out[ref] = v[1];
  }
  return out;
}
