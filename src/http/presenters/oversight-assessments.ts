import { describePeriod, yearLabel } from '../../domain/oversight/assurance-year.ts';
import type { ComponentLevel } from '../../domain/oversight/assessment.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { AssessmentDetail, OrganisationYear } from '../../services/oversight/assessments.ts';
import type { AssuranceYear } from '../../services/oversight/assurance-years.ts';
import type { Designation } from '../../services/oversight/designations.ts';
import { formatDateTime } from './date-time.ts';

// A CCG's assurance year on pages: components down, quarters across, each level as a tag with its words; an
// assessment with every version it has had; the years opened; distressed-economy designations.

export function assessmentPath(id: string): string {
  return `/oversight/assessments/${encodeURIComponent(id)}`;
}

export function organisationOverviewPath(code: string): string {
  return `/oversight/organisations/${encodeURIComponent(code)}`;
}

export function assurancePath(code: string, yearId?: string): string {
  return `${organisationOverviewPath(code)}/assurance${yearId === undefined ? '' : `?year=${encodeURIComponent(yearId)}`}`;
}

export function newAssessmentPath(code: string, yearId: string, quarter: number, component: string): string {
  return `${organisationOverviewPath(code)}/assessments/new?year=${encodeURIComponent(yearId)}&quarter=${String(quarter)}&component=${encodeURIComponent(component)}`;
}

/** The best level green, the worst red, those between in between; the words carry the meaning, the colour repeats it. */
export function levelTagClass(levels: readonly ComponentLevel[], code: string): string {
  const rank = levels.findIndex((level) => level.code === code);
  if (rank < 0) return 'nhsuk-tag--grey';
  if (rank === 0) return 'nhsuk-tag--green';
  if (rank === levels.length - 1) return 'nhsuk-tag--red';
  return rank === 1 ? 'nhsuk-tag--aqua-green' : 'nhsuk-tag--orange';
}

export function presentYears(years: readonly AssuranceYear[]) {
  return years.map((year) => ({
    id: year.stored.id,
    label: year.dates.label,
    period: describePeriod(year.dates),
    framework: `${year.frameworkName} (${year.stored.frameworkVersionId})`,
    components: year.components.map((component) => component.name).join(', '),
    openedBy: year.stored.openedBy,
    openedAt: formatDateTime(year.stored.openedAt),
  }));
}

export function presentOrganisationYear(year: OrganisationYear) {
  const code = year.organisation.code;
  const assessable = new Set(year.assessableQuarters.map((quarter) => quarter.quarter));
  return {
    organisation: year.organisation,
    yearId: year.year.stored.id,
    label: year.year.dates.label,
    period: describePeriod(year.year.dates),
    framework: year.year.frameworkName,
    quarters: year.year.dates.quarters.map((quarter) => ({ quarter: quarter.quarter, label: `Q${String(quarter.quarter)}`, months: quarter.label.replace(/^Q\d /, '') })),
    years: year.years.map((candidate) => ({ value: candidate.id, text: candidate.label, selected: candidate.id === year.year.stored.id })),
    rows: year.rows.map((row) => ({
      component: row.component.name,
      scale: row.component.scaleName,
      cells: row.cells.map((cell) => ({
        quarter: cell.quarter.quarter,
        assessed: cell.assessment !== null,
        text: cell.level?.label ?? cell.assessment?.level ?? 'Not assessed',
        classes: cell.assessment === null ? '' : levelTagClass(row.component.levels, cell.assessment.level),
        href: cell.assessment === null ? undefined : assessmentPath(cell.assessment.id),
        assessHref: year.mayAssess && cell.assessment === null && assessable.has(cell.quarter.quarter) ? newAssessmentPath(code, year.year.stored.id, cell.quarter.quarter, row.component.id) : undefined,
      })),
    })),
    mayAssess: year.mayAssess,
  };
}

export function presentAssessment(detail: AssessmentDetail) {
  const levels = detail.component?.levels ?? [];
  return {
    id: detail.assessment.id,
    organisation: detail.organisation,
    yearLabel: yearLabel(detail.year.stored.id),
    quarterLabel: detail.quarter.label,
    component: detail.component?.name ?? detail.assessment.component,
    componentId: detail.assessment.component,
    level: { text: detail.level?.label ?? detail.assessment.level, classes: levelTagClass(levels, detail.assessment.level) },
    narrative: detail.assessment.narrative,
    version: detail.assessment.version,
    updatedBy: detail.assessment.updatedBy,
    updatedAt: formatDateTime(detail.assessment.updatedAt),
    history: detail.history.map((change) => ({
      version: change.version,
      level: { text: change.levelLabel, classes: levelTagClass(levels, change.level) },
      narrative: change.narrative,
      reason: change.reason,
      changedBy: change.changedBy,
      changedAt: formatDateTime(change.changedAt),
      evidenceCount: change.evidenceDocumentIds.length,
    })),
    mayAssess: detail.mayAssess,
    yearHref: assurancePath(detail.organisation.code, detail.year.stored.id),
  };
}

export function presentDesignations(designations: readonly Designation[], today: string) {
  return designations.map((designation) => ({
    id: designation.id,
    version: designation.version,
    period: designation.endsOn === null ? `From ${longDate(designation.startsOn)}, open-ended` : `${longDate(designation.startsOn)} to ${longDate(designation.endsOn)}`,
    inForce: designation.startsOn <= today && (designation.endsOn === null || designation.endsOn >= today),
    reason: designation.reason,
    recordedBy: designation.recordedBy,
    recordedAt: formatDateTime(designation.recordedAt),
  }));
}
