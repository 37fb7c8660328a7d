import type { ReportProvenance } from '../../domain/reports/model.ts';
import type { YearEndInputs } from '../../services/reports/year-end-inputs.ts';

// What every document of a round says of where its figures came from; the content hash is filled in last.

export function provenanceOf(inputs: YearEndInputs, templateVersion: string): ReportProvenance {
  return {
    roundId: inputs.round.id,
    roundTitle: inputs.round.title,
    frameworkVersionId: inputs.round.frameworkVersionId,
    variant: inputs.round.variant,
    dataset: inputs.dataset,
    importBatches: inputs.importBatches.map((batch) => ({ id: batch.id, fileName: batch.fileName, importedOn: batch.importedAt.toISOString().slice(0, 10) })),
    runId: inputs.round.currentRunId,
    engineVersion: inputs.run.engineVersion,
    ratingInputHash: inputs.run.inputHash,
    assureVersion: inputs.assureVersion,
    templateVersion,
    contentHash: '',
  };
}

/** "2026/27" for the year 2026-27, or the round's title when it has no assurance year. */
export function yearLabelOf(inputs: YearEndInputs): string {
  return inputs.year === null ? inputs.round.title : inputs.year.stored.id.replace('-', '/');
}
