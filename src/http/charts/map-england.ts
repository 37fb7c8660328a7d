import nunjucks from 'nunjucks';

// A map of organisations shaded by rating, drawn on the server as one SVG from their GeoJSON boundaries.
// England spans few degrees, so an equirectangular projection with longitude scaled by cos(latitude) at its
// middle is close enough for a choropleth and needs no winding-order care (d3-geo's spherical polygons do).
// Coordinates are rounded to a tenth of a pixel and repeats dropped, which keeps the SVG about 100 kB.
// Every level has its own pattern as well as its colour, so the map does not depend on colour alone.

export interface MapArea {
  readonly code: string;
  readonly name: string;
  /** GeoJSON Polygon or MultiPolygon in longitude/latitude; anything else is skipped. */
  readonly geometry: unknown;
  /** Index into the levels (best first), or null when not rated. */
  readonly level: number | null;
  /** What the tooltip says after the name: "Good", "Not rated". */
  readonly ratingText: string;
}

export interface MapInput {
  /** Unique on the page: pattern, title and description ids are built from it. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Level labels, best first. */
  readonly levels: readonly string[];
  readonly areas: readonly MapArea[];
  readonly width?: number;
}

type Position = readonly [number, number];
type Ring = readonly Position[];

// NHS identity colours from best to worst (green to red), then greys for longer scales; "not rated" is pale grey.
const LEVEL_COLOURS = ['#006747', '#78be20', '#ffb81c', '#da291c', '#7c2855', '#425563'] as const;
const NOT_RATED_COLOUR = '#e8edee';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function isRing(value: unknown): value is Ring {
  return Array.isArray(value) && value.every(isPosition);
}

/** The polygons of a GeoJSON geometry, each a list of rings; an unknown shape gives none. */
export function polygonsOf(geometry: unknown): Ring[][] {
  if (typeof geometry !== 'object' || geometry === null) return [];
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  const polygon = (value: unknown): Ring[] => (Array.isArray(value) ? value.filter(isRing) : []);
  if (type === 'Polygon') return [polygon(coordinates)];
  if (type === 'MultiPolygon' && Array.isArray(coordinates)) return coordinates.map(polygon);
  return [];
}

interface Projection {
  readonly width: number;
  readonly height: number;
  project(position: Position): Position;
}

/** Fits every ring into `width`, keeping the aspect ratio England has at its middle latitude. */
export function fitProjection(rings: readonly Ring[], width: number): Projection {
  let west = Infinity;
  let east = -Infinity;
  let south = Infinity;
  let north = -Infinity;
  for (const ring of rings) {
    for (const [longitude, latitude] of ring) {
      west = Math.min(west, longitude);
      east = Math.max(east, longitude);
      south = Math.min(south, latitude);
      north = Math.max(north, latitude);
    }
  }
  if (!Number.isFinite(west)) return { width, height: width, project: () => [0, 0] };
  const stretch = Math.cos((((north + south) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * stretch, 1e-9);
  const scale = width / spanX;
  const height = Math.ceil((north - south) * scale);
  return { width, height, project: ([longitude, latitude]) => [(longitude - west) * stretch * scale, (north - latitude) * scale] };
}

function ringPath(ring: Ring, projection: Projection): string {
  const points: string[] = [];
  for (const position of ring) {
    const [x, y] = projection.project(position);
    const point = `${(Math.round(x * 10) / 10).toString()} ${(Math.round(y * 10) / 10).toString()}`;
    if (points[points.length - 1] !== point) points.push(point);
  }
  return points.length < 3 ? '' : `M${points.join('L')}Z`;
}

function patternMarks(index: number): string {
  switch (index % 4) {
    case 1:
      return '<path d="M0 8L8 0" stroke="#fff" stroke-width="1.5"/>';
    case 2:
      return '<circle cx="4" cy="4" r="1.5" fill="#212b32"/>';
    case 3:
      return '<path d="M0 8L8 0M0 0L8 8" stroke="#fff" stroke-width="1.5"/>';
    default:
      return '';
  }
}

function levelFill(id: string, level: number | null): string {
  return level === null ? NOT_RATED_COLOUR : `url(#${id}-level-${String(level)})`;
}

function levelColour(level: number): string {
  return LEVEL_COLOURS[level % LEVEL_COLOURS.length] ?? NOT_RATED_COLOUR;
}

function legend(input: MapInput, x: number): string {
  const rows = [...input.levels.map((label, index) => ({ label, fill: levelFill(input.id, index) })), { label: 'Not rated', fill: NOT_RATED_COLOUR }];
  return rows
    .map((row, index) => {
      const y = 12 + index * 26;
      return `<rect x="${String(x)}" y="${String(y)}" width="20" height="20" fill="${row.fill}" stroke="#212b32"/><text x="${String(x + 28)}" y="${String(y + 15)}" font-size="14">${escapeXml(row.label)}</text>`;
    })
    .join('');
}

/**
 * The map as SVG markup, marked safe for templates: every text in it (names, labels, title, description) is
 * escaped here, and everything else is numbers and fixed markup.
 */
export function englandMap(input: MapInput): nunjucks.runtime.SafeString {
  if (!/^[a-z][a-z0-9-]*$/.test(input.id)) throw new Error(`A map id is lower-case letters, digits and hyphens, not ${input.id}`);
  const width = input.width ?? 560;
  const legendWidth = 180;
  const shapes = input.areas.map((area) => ({ area, polygons: polygonsOf(area.geometry) }));
  const projection = fitProjection(
    shapes.flatMap((shape) => shape.polygons.flat()),
    width - legendWidth,
  );
  const patterns = input.levels
    .map((_label, index) => {
      const colour = levelColour(index);
      return `<pattern id="${input.id}-level-${String(index)}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour}"/>${patternMarks(index)}</pattern>`;
    })
    .join('');
  const paths = shapes
    .map(({ area, polygons }) => {
      const d = polygons.flatMap((polygon) => polygon.map((ring) => ringPath(ring, projection))).join('');
      if (d === '') return '';
      return `<path d="${d}" fill="${levelFill(input.id, area.level)}" stroke="#fff" stroke-width="0.5"><title>${escapeXml(`${area.name} (${area.code}): ${area.ratingText}`)}</title></path>`;
    })
    .join('');
  const id = input.id;
  const height = Math.max(projection.height, 12 + (input.levels.length + 1) * 26);
  return new nunjucks.runtime.SafeString(
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-map" viewBox="0 0 ${String(width)} ${String(height)}" role="img" aria-labelledby="${id}-title ${id}-desc">` +
      `<title id="${id}-title">${escapeXml(input.title)}</title><desc id="${id}-desc">${escapeXml(input.description)}</desc>` +
      `<defs>${patterns}</defs><g>${paths}</g><g>${legend(input, width - legendWidth + 16)}</g></svg>`,
  );
}
