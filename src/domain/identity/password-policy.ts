// What a new password must be. Following NCSC guidance: length and a deny-list of the passwords
// people reach for first, no composition rules (they push people to predictable patterns).

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1234',
  'password12345',
  'passwordpassword',
  '123456789012',
  'qwertyuiopas',
  'letmeinletmein',
  'welcome12345',
  'changeme1234',
  'nhsengland123',
  'nhsengland2026',
]);

/** Who the password belongs to: a password made of their own email or name is refused. */
export interface PasswordOwner {
  readonly email: string;
  readonly displayName: string;
}

/** The reasons a proposed password is refused; empty when it is acceptable. */
export function passwordProblems(password: string, owner: PasswordOwner): string[] {
  const length = Array.from(new Intl.Segmenter('en-GB').segment(password)).length;
  if (length < PASSWORD_MIN_LENGTH) return [`Enter a password of at least ${PASSWORD_MIN_LENGTH} characters`];
  if (length > PASSWORD_MAX_LENGTH) return [`Enter a password of at most ${PASSWORD_MAX_LENGTH} characters`];
  const folded = password.toLowerCase();
  const problems: string[] = [];
  if (COMMON_PASSWORDS.has(folded)) problems.push('Choose a password that is not a commonly used one');
  if (new Set(folded).size < 4) problems.push('Choose a password with more than 3 different characters');
  const localPart = owner.email.toLowerCase().split('@')[0] ?? '';
  if (folded === owner.email.toLowerCase() || (localPart.length >= 4 && folded.includes(localPart))) {
    problems.push('Choose a password that does not contain your email address');
  }
  if (owner.displayName.trim().length >= 4 && folded.includes(owner.displayName.trim().toLowerCase())) {
    problems.push('Choose a password that does not contain your name');
  }
  return problems;
}
