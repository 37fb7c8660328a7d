/** The account an administrator named does not exist: 404 on the web, a one-line message on the command line. */
export class AccountNotFoundError extends Error {
  override readonly name = 'AccountNotFoundError';
  constructor(reference: string) {
    super(`No account has ${reference.includes('@') ? 'the email address' : 'the id'} ${reference}.`);
  }
}
