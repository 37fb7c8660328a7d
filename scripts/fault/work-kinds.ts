/** The kinds of work besides imports whose instances the fault script kills (see work-instance.ts). */
export const WORK_KINDS = ['rating', 'round', 'case', 'register', 'export'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export function isWorkKind(name: string | undefined): name is WorkKind {
  return (WORK_KINDS as readonly (string | undefined)[]).includes(name);
}
