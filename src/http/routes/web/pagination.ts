/** The NHS.UK pagination component's options for a list page, or undefined when one page suffices. */
export function paginationModel(
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  current: number,
  pageCount: number,
) {
  if (pageCount <= 1) return undefined;
  const href = (page: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return text === '' ? path : `${path}?${text}`;
  };
  const shown = [...new Set([1, current - 1, current, current + 1, pageCount])].filter((page) => page >= 1 && page <= pageCount);
  const items: ({ number: string; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (const [index, page] of shown.entries()) {
    const previous = shown[index - 1];
    if (previous !== undefined && page - previous > 1) items.push({ ellipsis: true });
    items.push({ number: String(page), href: href(page), current: page === current });
  }
  return {
    items,
    ...(current > 1 ? { previous: { href: href(Math.min(current - 1, pageCount)) } } : {}),
    ...(current < pageCount ? { next: { href: href(current + 1) } } : {}),
  };
}
