/** Rows grouped by the organisation they are about, each group in the rows' order. */
export function byOrganisation<T extends { readonly organisationCode: string }>(rows: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.organisationCode);
    if (list === undefined) grouped.set(row.organisationCode, [row]);
    else list.push(row);
  }
  return grouped;
}
