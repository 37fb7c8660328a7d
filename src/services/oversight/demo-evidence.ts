import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { syntheticCsv, syntheticPdf } from '../../domain/demo/evidence-documents.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import { listOrganisationEvidence } from '../../db/repositories/evidence-documents.ts';
import type { DB } from '../../db/schema.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { registerEvidence } from './evidence.ts';

// A newcomer's first start shows local evidence as the demo's people register it: the demo CCG's (02N) own board
// papers, and for each CCG whose risk rises during the demo year its region's board papers and an internal audit
// report whose findings are about financial controls. Every document says on its first line that it is synthetic.

const DAY_MS = 86_400_000;

function daysBefore(now: Date, days: number): string {
  return londonDate(new Date(now.getTime() - days * DAY_MS));
}

/** Registers the demo documents on a database with the demo accounts and no evidence for the demo CCG yet. */
export async function installDemoEvidence(db: Kysely<DB>, now: Date): Promise<void> {
  if ((await listOrganisationEvidence(db, '02N')).length > 0) return;
  const ccgUser = await actorForAccount(db, 'ccg@demo.assure.example');
  const lead = await actorForAccount(db, 'regional-lead@demo.assure.example');
  await registerEvidence(db, ccgUser, {
    organisationCode: '02N',
    title: 'Governing body papers: finance and performance',
    kind: 'board-papers',
    documentDate: daysBefore(now, 40),
    fileName: 'governing-body-papers.pdf',
    content: syntheticPdf('Governing body papers: finance and performance', ['Finance report: on plan year to date.', 'Performance: A&E four-hour standard met in the quarter.']),
    at: now,
  });
  for (const code of RISING_DEMO_CCGS) {
    await registerEvidence(db, lead, {
      organisationCode: code,
      title: `Internal audit report: financial controls (${code})`,
      kind: 'internal-audit',
      documentDate: daysBefore(now, 75),
      fileName: `internal-audit-financial-controls-${code.toLowerCase()}.pdf`,
      content: syntheticPdf('Internal audit report: financial controls', [
        'Opinion: limited assurance.',
        'Finding 1 (high): budget holders commit spend without approval.',
        'Finding 2 (medium): the monthly forecast is not reconciled to the ledger.',
      ]),
      at: now,
    });
    await registerEvidence(db, lead, {
      organisationCode: code,
      title: `Month 6 finance return as reviewed at the checkpoint (${code})`,
      kind: 'financial-plan',
      documentDate: daysBefore(now, 50),
      fileName: `month-6-finance-${code.toLowerCase()}.csv`,
      content: syntheticCsv([
        ['line', 'plan_gbp_thousands', 'actual_gbp_thousands'],
        ['Acute commissioning', '98200', '101950'],
        ['Prescribing', '21400', '22310'],
        ['Continuing healthcare', '11800', '12640'],
      ]),
      at: now,
    });
  }
}
