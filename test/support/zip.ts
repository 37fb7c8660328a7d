// A ZIP archive of stored (uncompressed) entries, for tests that need an Office Open XML file or another ZIP
// without a writer library: local headers, the central directory and its end record. CRCs are left zero,
// which readers that only list entries (as the evidence sniffer does) do not check.

function header(signature: number, size: number): { bytes: Buffer; view: DataView } {
  const bytes = Buffer.alloc(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(0, signature, true);
  return { bytes, view };
}

/** A ZIP holding these entries (name → content), in order. */
export function storedZip(entries: Readonly<Record<string, string>>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const fileName = Buffer.from(name, 'utf8');
    const content = Buffer.from(text, 'utf8');
    const local = header(0x04034b50, 30);
    local.view.setUint16(4, 20, true);
    local.view.setUint32(18, content.length, true);
    local.view.setUint32(22, content.length, true);
    local.view.setUint16(26, fileName.length, true);
    locals.push(local.bytes, fileName, content);
    const central = header(0x02014b50, 46);
    central.view.setUint16(4, 20, true);
    central.view.setUint16(6, 20, true);
    central.view.setUint32(20, content.length, true);
    central.view.setUint32(24, content.length, true);
    central.view.setUint16(28, fileName.length, true);
    central.view.setUint32(42, offset, true);
    centrals.push(central.bytes, fileName);
    offset += 30 + fileName.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = header(0x06054b50, 22);
  const count = Object.keys(entries).length;
  end.view.setUint16(8, count, true);
  end.view.setUint16(10, count, true);
  end.view.setUint32(12, directory.length, true);
  end.view.setUint32(16, offset, true);
  return Buffer.concat([...locals, directory, end.bytes]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A minimal Word document (as far as a sniffer can tell). */
export function minimalDocx(extra: Readonly<Record<string, string>> = {}): Buffer {
  return storedZip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '<Relationships/>', 'word/document.xml': '<w:document/>', ...extra });
}

/** A minimal PowerPoint presentation. */
export function minimalPptx(): Buffer {
  return storedZip({ '[Content_Types].xml': CONTENT_TYPES, 'ppt/presentation.xml': '<p:presentation/>' });
}
