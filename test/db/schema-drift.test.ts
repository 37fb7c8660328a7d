import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

// Every column of every table in src/db/schema.ts; the type makes this list complete.
const COLUMNS: { [Table in keyof DB]: Record<keyof DB[Table], true> } = {
  organisation: {
    code: true, ons_code: true, name: true, type: true, region_code: true, population: true,
    established_on: true, closed_on: true, successor_code: true, created_at: true, updated_at: true,
  },
  organisation_peer: { organisation_code: true, rank: true, peer_code: true },
  organisation_boundary: { organisation_code: true, geometry: true, source: true },
  indicator_value: {
    dataset: true, organisation_code: true, indicator_code: true, period_start: true,
    numerator: true, denominator: true, value: true, period_end: true, lower95: true, upper95: true, category: true,
    synthetic: true, source: true, import_batch_id: true, source_row: true,
  },
  import_batch: {
    id: true, dataset: true, file_name: true, file_format: true, file_sha256: true, framework_version_id: true, imported_by: true,
    imported_at: true, row_count: true, replaced_count: true, replaced_batch_ids: true, reason: true,
  },
  framework_version: {
    id: true, framework_id: true, version: true, title: true, file_name: true, source_text: true, definition: true,
    content_hash: true, loaded_at: true,
  },
  dataset: { code: true, title: true, as_of: true, synthetic: true, created_at: true },
  judgement: {
    dataset: true, organisation_code: true, judgement_code: true, value: true, recorded_by: true, rationale: true, synthetic: true,
  },
  rating_run: {
    id: true, framework_version_id: true, variant: true, dataset: true, as_of: true, engine_version: true, input_hash: true,
    output: true, output_hash: true, created_at: true, created_by: true, published_at: true,
  },
  rating: { run_id: true, organisation_code: true, headline: true, explanation: true },
  rating_round: {
    id: true, title: true, framework_version_id: true, variant: true, dataset: true, stage: true, stage_due_at: true, publish_at: true,
    regional_review_working_days: true, factual_accuracy_working_days: true, draft_run_id: true, current_run_id: true,
    corrects_round_id: true, correction_note: true, created_by: true, created_at: true, assurance_year_id: true,
  },
  round_step: { id: true, round_id: true, command: true, from_stage: true, to_stage: true, taken_by: true, taken_at: true },
  round_proposal: {
    id: true, round_id: true, organisation_code: true, level: true, rationale: true, proposed_by: true, proposed_at: true, status: true,
    decided_by: true, decided_at: true, decision_note: true,
  },
  round_comment: {
    id: true, round_id: true, organisation_code: true, body: true, commented_by: true, commented_at: true, response: true,
    response_note: true, responded_by: true, responded_at: true,
  },
  round_confirmation: { round_id: true, organisation_code: true, confirmed_by: true, confirmed_at: true },
  special_measures_case: {
    id: true, organisation_code: true, region_code: true, state: true, record: true, previous_case_id: true, opened_at: true, updated_at: true,
  },
  special_measures_case_event: {
    case_id: true, sequence: true, step: true, from_state: true, to_state: true, actor_kind: true, actor_id: true, actor_label: true,
    taken_at: true, reason: true, details: true,
  },
  special_measures_publication: {
    id: true, case_id: true, kind: true, text: true, status: true, published_on: true, created_by: true, created_at: true,
  },
  concern_flag: {
    id: true, organisation_code: true, flagged_on: true, kind: true, serious: true, note: true, meeting_id: true, recorded_by: true, recorded_at: true,
  },
  financial_position: {
    id: true, organisation_code: true, period_end: true, allocation: true, planned_surplus: true, forecast_surplus: true, recorded_by: true, recorded_at: true,
  },
  audit_finding: {
    id: true, organisation_code: true, reported_on: true, auditor: true, severity: true, about_financial_controls: true, summary: true,
    resolved_on: true, recorded_by: true, recorded_at: true,
  },
  legal_direction: {
    id: true, organisation_code: true, title: true, legal_basis: true, requirements: true, applied_on: true, variations: true, lifted_on: true,
    lifted_reason: true, published_on: true, case_id: true, recorded_by: true, recorded_at: true,
  },
  responsibility_transfer: {
    id: true, organisation_code: true, function: true, responsible_body_code: true, valid_from: true, valid_until: true, basis: true, case_id: true,
    recorded_by: true, recorded_at: true,
  },
  organisation_merger: { id: true, kind: true, successor_code: true, effective_on: true, case_id: true, recorded_by: true, recorded_at: true },
  organisation_merger_predecessor: { predecessor_code: true, merger_id: true },
  assurance_year: { id: true, starts_on: true, ends_on: true, framework_version_id: true, opened_by: true, opened_at: true },
  quarterly_assessment: {
    id: true, organisation_code: true, year_id: true, quarter: true, component: true, level: true, narrative: true, version: true,
    updated_by: true, updated_at: true,
  },
  quarterly_assessment_change: {
    assessment_id: true, version: true, level: true, narrative: true, evidence_document_ids: true, reason: true, changed_by: true, changed_at: true,
  },
  checkpoint_meeting: {
    id: true, organisation_code: true, kind: true, format: true, status: true, scheduled_on: true, held_on: true, agenda: true, agenda_since: true,
    attendees: true, minutes: true, cancelled_reason: true, version: true, created_by: true, created_at: true, updated_by: true, updated_at: true,
  },
  meeting_action: {
    id: true, meeting_id: true, organisation_code: true, description: true, owner: true, due_on: true, status: true, version: true,
    updated_by: true, updated_at: true,
  },
  meeting_action_change: {
    action_id: true, version: true, description: true, owner: true, due_on: true, status: true, reason: true, changed_by: true, changed_at: true,
  },
  oversight_import_batch: {
    id: true, kind: true, file_name: true, file_format: true, file_sha256: true, row_count: true, replaced_count: true, reason: true,
    imported_by: true, imported_at: true,
  },
  finance_submission: {
    organisation_code: true, month: true, allocation: true, control_total: true, plan: true, actual: true, forecast_outturn: true,
    import_batch_id: true, source_row: true,
  },
  stakeholder_survey: { survey_year: true, fieldwork_ends_on: true, import_batch_id: true },
  stakeholder_survey_question: { survey_year: true, question_code: true, question_text: true },
  stakeholder_survey_result: {
    survey_year: true, organisation_code: true, stakeholder_group: true, question_code: true, positive: true, responses: true,
    import_batch_id: true, source_row: true,
  },
  evidence_document: {
    id: true, organisation_code: true, title: true, kind: true, document_date: true, file_name: true, media_type: true, size_bytes: true,
    sha256: true, content: true, added_by: true, added_at: true,
  },
  evidence_link: { document_id: true, target_type: true, target_id: true, linked_by: true, linked_at: true },
  risk_model: { version: true, model: true, reason: true, adopted_by: true, adopted_at: true },
  distressed_economy_designation: {
    id: true, organisation_code: true, starts_on: true, ends_on: true, reason: true, version: true, recorded_by: true, recorded_at: true,
  },
  user_account: {
    id: true, email: true, display_name: true, password_hash: true, must_change_password: true, disabled_at: true,
    failed_sign_ins: true, last_failed_sign_in: true, locked_until: true, created_at: true, updated_at: true,
  },
  role_grant: { id: true, user_id: true, role: true, region_code: true, region_type: true, organisation_code: true, granted_at: true },
  user_session: {
    id: true, token_hash: true, user_id: true, created_at: true, last_seen_at: true, expires_at: true, revoked_at: true,
    user_agent: true, ip_address: true,
  },
  audit_event: {
    sequence: true, occurred_at: true, actor_kind: true, actor_id: true, actor_label: true, action: true, object_type: true,
    object_id: true, before: true, after: true, reason: true, request_id: true, previous_hash: true, hash: true,
  },
  rate_limit_window: { key: true, started_at: true, hits: true },
  background_job: {
    id: true, kind: true, started_by_user_id: true, subject: true, parameters: true, state: true, attempts: true, progress: true,
    outcome: true, failure: true, submitted_at: true, started_at: true, finished_at: true, scheduled_for: true,
  },
  background_job_file: { job_id: true, part: true, bytes: true },
  daily_check: { job_id: true, checked_on: true, checked_at: true, proposals: true, newly_proposed: true, reminders: true, newly_overdue: true },
  report_document: {
    round_id: true, kind: true, subject: true, status: true, published_on: true, title: true, model: true, content_hash: true, html: true,
    xlsx: true, pdf: true, pdf_problem: true, built_by: true, built_at: true,
  },
};

for (const engine of testEngines()) {
  describe(`schema types on ${engine}`, () => {
    it('match the tables the migrations create', async () => {
      const database = await createTestDatabase(engine);
      try {
        const result = await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = 'public' and table_name not like 'kysely_%'
            -- A dataset's partition of indicator_value is indicator_value's columns, not a table of the schema.
            and table_name not in (select relname from pg_class where relispartition)`.execute(database.db);
        const actual: Record<string, string[]> = {};
        for (const row of result.rows) (actual[row.table_name] ??= []).push(row.column_name);
        const expected = Object.fromEntries(Object.entries(COLUMNS).map(([table, columns]) => [table, Object.keys(columns).sort()]));
        assert.deepEqual(Object.fromEntries(Object.entries(actual).map(([table, columns]) => [table, columns.sort()])), expected);
      } finally {
        await database.close();
      }
    });
  });
}
