import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/domain/csv/decode.ts';
import type { Actor } from '../../src/domain/identity/actor.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import type { ImportBatchRecord } from '../../src/db/repositories/import-batches.ts';
import type { ImportDataRequest, ImportOutcome } from '../../src/services/import-indicator-data.ts';
import { createImportJobs, type ImportJobRequest } from '../../src/services/import-jobs.ts';

const analyst: Actor = { kind: 'user', userId: 'analyst-1', email: 'a@test.example', displayName: 'A', grants: [{ role: 'national-analyst' }] };
const otherAnalyst: Actor = { kind: 'user', userId: 'analyst-2', email: 'b@test.example', displayName: 'B', grants: [{ role: 'national-analyst' }] };
const auditor: Actor = { kind: 'user', userId: 'auditor-1', email: 'c@test.example', displayName: 'C', grants: [{ role: 'auditor' }] };

const BATCH: ImportBatchRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  dataset: 'd',
  fileName: 'f.csv',
  fileFormat: 'csv',
  fileSha256: '0'.repeat(64),
  frameworkVersionId: null,
  importedBy: 'A',
  importedAt: new Date('2026-11-23T10:00:00Z'),
  rowCount: 40_000,
  replacedCount: 0,
  replacedBatchIds: [],
  reason: null,
};

/** An import the test moves on by hand: it reports what it is told and finishes when told. */
function heldImport() {
  const calls: { request: ImportDataRequest; finish: (outcome: ImportOutcome | Error) => void }[] = [];
  const started: (() => void)[] = [];
  return {
    calls,
    /** Resolves once the nth import (from 0) has been started by the registry. */
    begun: (n: number) =>
      new Promise<void>((resolve) => {
        if (calls.length > n) resolve();
        else started.push(resolve);
      }),
    runImport: (request: ImportDataRequest) =>
      new Promise<ImportOutcome>((resolve, reject) => {
        calls.push({
          request,
          finish: (outcome) => {
            if (outcome instanceof Error) reject(outcome);
            else resolve(outcome);
          },
        });
        for (const resolveStarted of started.splice(0)) resolveStarted();
      }),
  };
}

function jobRequest(actor: Actor, discarded: string[], fileName = 'f.csv'): ImportJobRequest {
  return {
    actor,
    dataset: 'd',
    file: { fileName, format: 'csv', read: async function* read() {} },
    discard: async () => {
      discarded.push(fileName);
    },
  };
}

describe('import jobs', () => {
  it('runs one import at a time, reports rows, rows per second and time left, and ends imported with its upload discarded', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const held = heldImport();
    const discarded: string[] = [];
    const jobs = createImportJobs({ clock: () => now, runImport: held.runImport });

    const first = jobs.start(jobRequest(analyst, discarded, 'first.csv'));
    const second = jobs.start(jobRequest(analyst, discarded, 'second.csv'));
    assert.equal(first.state, 'queued');
    await held.begun(0);
    assert.equal(jobs.find(analyst, first.id)?.state, 'running');
    assert.equal(jobs.find(analyst, second.id)?.state, 'queued', 'the second waits for the first');

    now = new Date('2026-11-23T10:00:10Z');
    held.calls[0]?.request.onProgress?.({ bytesRead: 250, totalBytes: 1000, rowsValidated: 20_000 });
    const running = jobs.find(analyst, first.id);
    assert.deepEqual(running?.progress, { bytesRead: 250, totalBytes: 1000, rowsValidated: 20_000 });
    assert.deepEqual(running.figures, { fraction: 0.25, rowsPerSecond: 2000, secondsLeft: 30 });

    now = new Date('2026-11-23T10:00:40Z');
    held.calls[0]?.finish({ kind: 'imported', batch: BATCH });
    await jobs.settled(first.id);
    const finished = jobs.find(analyst, first.id);
    assert.equal(finished?.state, 'imported');
    assert.equal(finished.outcome?.kind, 'imported');
    assert.deepEqual(finished.finishedAt, now);
    assert.deepEqual(discarded, ['first.csv']);

    await held.begun(1);
    held.calls[1]?.finish({ kind: 'dry-run', rows: 2, wouldReplace: 0, fileSha256: '0'.repeat(64) });
    await jobs.drain();
    assert.equal(jobs.find(analyst, second.id)?.state, 'checked');
    assert.deepEqual(discarded, ['first.csv', 'second.csv']);
  });

  it('ends rejected with the problems for a bad file, and failed (reported, not thrown) for anything else', async () => {
    const held = heldImport();
    const failures: unknown[] = [];
    const jobs = createImportJobs({ clock: () => new Date(), runImport: held.runImport, onFailure: (error) => failures.push(error) });
    const bad = jobs.start(jobRequest(analyst, []));
    const broken = jobs.start(jobRequest(analyst, []));
    await held.begun(0);
    held.calls[0]?.finish(new InputError('f.csv', [{ row: 2, field: 'numerator', message: 'not a number' }]));
    await held.begun(1);
    held.calls[1]?.finish(new Error('connection lost'));
    await jobs.drain();
    assert.equal(jobs.find(analyst, bad.id)?.state, 'rejected');
    assert.deepEqual(jobs.find(analyst, bad.id)?.rejection?.problems, [{ row: 2, field: 'numerator', message: 'not a number' }]);
    assert.equal(jobs.find(analyst, broken.id)?.state, 'failed');
    assert.equal(failures.length, 1);
  });

  it('shows a job to its starter only: another analyst finds nothing, anyone else is refused', async () => {
    const jobs = createImportJobs({ clock: () => new Date(), runImport: async () => ({ kind: 'imported', batch: BATCH }) });
    const job = jobs.start(jobRequest(analyst, []));
    assert.equal(jobs.find(otherAnalyst, job.id), undefined);
    assert.throws(() => jobs.find(auditor, job.id), NotPermittedError);
    assert.throws(() => jobs.start(jobRequest(auditor, [])), NotPermittedError);
    await jobs.drain();
  });

  it('forgets finished jobs after the time kept, and beyond the number kept, but never one still running', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const held = heldImport();
    const jobs = createImportJobs({ clock: () => now, runImport: held.runImport, keepFinishedForMs: 60_000, keepFinished: 2 });
    const ids = [1, 2, 3].map(() => jobs.start(jobRequest(analyst, [])).id);
    for (const n of [0, 1, 2]) {
      await held.begun(n);
      now = new Date(now.getTime() + 1000);
      held.calls[n]?.finish({ kind: 'imported', batch: BATCH });
    }
    await jobs.drain();
    const running = jobs.start(jobRequest(analyst, []));
    await held.begun(3);
    assert.deepEqual(ids.map((id) => jobs.find(analyst, id) !== undefined), [false, true, true], 'the oldest of three finished jobs goes');
    now = new Date(now.getTime() + 61_000);
    assert.deepEqual(ids.map((id) => jobs.find(analyst, id) !== undefined), [false, false, false], 'a minute after finishing, all go');
    assert.equal(jobs.find(analyst, running.id)?.state, 'running');
    held.calls[3]?.finish({ kind: 'imported', batch: BATCH });
    await jobs.drain();
  });
});
