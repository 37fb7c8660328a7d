import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { draftPublication, getCase, listCases, openCase, publishPublication } from '../../src/services/special-measures/cases.ts';
import { FAULT_LEAD } from './actors.ts';
import { auditCounts, auditMismatch, type CheckResult, checkResult } from './audit-counts.ts';

// Publication on the public register of special measures for the fault script: an instance drafts texts on
// one case and publishes them (each in its own transaction), again and again; a draft a killed instance left
// unpublished is published by the next. Afterwards every text must be a draft or published, with the audit
// events of what it is.

/** The CCG whose case the register texts are published on; the case instances leave it alone. */
export const REGISTER_CCG = '02T';

/** The case the register texts are published on, opened before the kills start. */
export async function openRegisterCase(db: Kysely<DB>): Promise<void> {
  await openCase(db, FAULT_LEAD, { organisationCode: REGISTER_CCG, reason: 'Texts on the public register for the fault script' });
}

async function registerCaseId(db: Kysely<DB>): Promise<string> {
  const [open] = await listCases(db, FAULT_LEAD, { organisationCode: REGISTER_CCG });
  if (open === undefined) throw new Error(`no open case for ${REGISTER_CCG}`);
  return open.id;
}

/** Until killed, texts drafted and published one after another; to finish, the drafts killed instances left. */
export async function publishTexts(db: Kysely<DB>, untilKilled: boolean): Promise<void> {
  const caseId = await registerCaseId(db);
  const { publications } = await getCase(db, FAULT_LEAD, caseId);
  for (const draft of publications) if (draft.status === 'draft') await publishPublication(db, FAULT_LEAD, caseId, draft.id);
  for (let count = publications.length; untilKilled; count++) {
    const draft = await draftPublication(db, FAULT_LEAD, caseId, { kind: 'progress-update', text: `Progress update ${String(count + 1)} from the fault script.` });
    await publishPublication(db, FAULT_LEAD, caseId, draft.id);
  }
}

export async function checkRegisterTexts(db: Kysely<DB>): Promise<{ texts: number; drafts: number; checks: CheckResult[] }> {
  const texts = await db.selectFrom('special_measures_publication').select(['id', 'text', 'status', 'published_on']).execute();
  const audits = await auditCounts(db, 'special-measures-publication');
  const audited: string[] = [];
  const whole: string[] = [];
  for (const text of texts) {
    audited.push(...auditMismatch(audits, 'case-publication.draft', text.id, 1, `register text ${text.id}`));
    audited.push(...auditMismatch(audits, 'case-publication.publish', text.id, text.status === 'published' ? 1 : 0, `register text ${text.id} (${text.status})`));
    if ((text.status === 'published') !== (text.published_on !== null)) whole.push(`register text ${text.id}: ${text.status} with publication date ${String(text.published_on)}`);
  }
  const stored = new Set(texts.map((text) => text.id));
  for (const key of audits.keys()) if (!stored.has(key.split(' ')[1] ?? '')) audited.push(`${key}: audited for a text not stored`);
  // Each text is numbered after those stored before it: a text drafted twice would repeat its number.
  const bodies = texts.map((text) => text.text);
  const repeated = bodies.filter((body, index) => bodies.indexOf(body) !== index).map((body) => `“${body}” stored more than once`);
  return {
    texts: texts.length,
    drafts: texts.filter((text) => text.status === 'draft').length,
    checks: [
      checkResult('every register text is a draft or published with its date', whole),
      checkResult('no text drafted twice', repeated),
      checkResult('one audit event for each draft and each publication, none for a text not stored', audited),
    ],
  };
}
