import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../../src/domain/csv/decode.ts';
import type { DemoOrganisation } from '../../src/domain/demo/generate.ts';
import { readReferenceOrganisations } from '../../src/services/reference-data.ts';

// The 209 real CCGs as the demo generator takes them, read from the project's reference-data copies (tests and
// benchmarks only; the application loads them from its database).

const INEQUALITY_FILE = fileURLToPath(new URL('../../reference-data/ccg-2016/ccg_acsc_inequality_2016.csv', import.meta.url));

export async function loadDemoCcgs(): Promise<DemoOrganisation[]> {
  const table = readCsv(await fs.readFile(INEQUALITY_FILE));
  if ('problems' in table) throw new Error('reference-data inequality file is unreadable');
  const byOns = new Map(table.rows.map((row) => [row.values['ccg16cd'] ?? '', row.values]));
  const organisations = await readReferenceOrganisations();
  return organisations
    .filter((org) => org.type === 'ccg')
    .map((org) => {
      const row = byOns.get(org.onsCode ?? '');
      if (row === undefined || org.population === null) throw new Error(`reference-data has no inequality row for ${org.code}`);
      return {
        code: org.code,
        name: org.name,
        region: org.regionCode,
        peerCodes: org.peerCodes,
        population: org.population,
        deprivation: Number(row['imd']),
        inequality: { value: Number(row['agi']), lower95: Number(row['agi_lci']), upper95: Number(row['agi_uci']) },
      };
    });
}
