import type { Outcome, Who } from '../../support/authorisation-matrix.ts';

// Who may do what with the oversight records of 02N (region Y54), as every oversight part's rows expect it.

const NATIONAL: readonly Who[] = ['national-analyst', 'committee-member', 'auditor'];
const READERS: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'regional-lead Y56 (other region)', 'ccg-user 02N (own organisation)', 'ccg-user 02T (other organisation, same region)'];
const SEE_02N: readonly Who[] = [...NATIONAL, 'regional-lead Y54 (own region)', 'ccg-user 02N (own organisation)'];

/** An oversight list or page at all: anyone with an oversight role (each sees what they may open). */
export const OVERSIGHT_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : READERS.includes(who) ? 'allowed' : 'forbidden');

/** England's picture: the national roles. */
export const NATIONAL_READERS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : NATIONAL.includes(who) ? 'allowed' : 'forbidden');

/** What only national analysts do: open years, import returns, change the risk model. */
export const NATIONAL_ANALYSTS = (who: Who): Outcome => (who === 'anonymous' ? 'sign-in' : who === 'national-analyst' ? 'allowed' : 'forbidden');

/** 02N's record: the national roles, Y54's lead and 02N; to other oversight readers 02N is not there. */
export const SEES_02N = (who: Who): Outcome => {
  if (who === 'anonymous') return 'sign-in';
  if (SEE_02N.includes(who)) return 'allowed';
  return READERS.includes(who) ? 'not-found' : 'forbidden';
};

/** A change to 02N's record by these roles only; others who see 02N are refused. */
export const CHANGES_02N =
  (...roles: readonly Who[]) =>
  (who: Who): Outcome =>
    SEES_02N(who) === 'allowed' ? (roles.includes(who) ? 'allowed' : 'forbidden') : SEES_02N(who);
