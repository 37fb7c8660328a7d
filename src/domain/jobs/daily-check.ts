import type { Reminder } from '../special-measures/reminders.ts';
import type { TriggerProposal } from '../special-measures/triggers.ts';

// The daily check's pure core: what it found, and what of that is new since the check before it. A regional
// team reads the new items first; the audit trail keeps the day Assure first proposed a CCG or found an item overdue.

export interface DailyCheckFindings {
  readonly proposals: readonly TriggerProposal[];
  readonly reminders: readonly Reminder[];
}

/** What the check before found, as far as telling what is new needs. */
export interface EarlierCheck {
  readonly proposedCodes: readonly string[];
  readonly overdueKeys: readonly string[];
}

export interface NewSinceEarlier {
  /** Organisations proposed now that the earlier check did not propose (every one, with no earlier check). */
  readonly newlyProposed: string[];
  /** Keys (`reminderKey`) of items overdue now that the earlier check did not find overdue. */
  readonly newlyOverdue: string[];
}

/** One item on a case, the same from one day to the next: the case, what is due (a milestone by its own words) and when. */
export function reminderKey(reminder: Pick<Reminder, 'caseId' | 'kind' | 'dueOn' | 'description'>): string {
  return `${reminder.caseId}/${reminder.kind}/${reminder.dueOn}/${reminder.description}`;
}

export function overdueKeys(reminders: readonly Reminder[]): string[] {
  return reminders.filter((reminder) => reminder.status === 'overdue').map(reminderKey);
}

export function newSinceEarlier(findings: DailyCheckFindings, earlier: EarlierCheck | undefined): NewSinceEarlier {
  const proposedBefore = new Set(earlier?.proposedCodes ?? []);
  const overdueBefore = new Set(earlier?.overdueKeys ?? []);
  return {
    newlyProposed: findings.proposals.map((proposal) => proposal.organisationCode).filter((code) => !proposedBefore.has(code)),
    newlyOverdue: overdueKeys(findings.reminders).filter((key) => !overdueBefore.has(key)),
  };
}
