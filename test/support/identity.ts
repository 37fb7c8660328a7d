import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { RoleGrant, UserActor } from '../../src/domain/identity/actor.ts';
import type { DB } from '../../src/db/schema.ts';
import { insertGrant, insertUser } from '../../src/db/repositories/users.ts';
import { hashPassword } from '../../src/services/identity/passwords.ts';

/** An actor with one role, for services called directly (no account behind it). */
export function testUser(name: string, grant: RoleGrant): UserActor {
  return { kind: 'user', userId: `u-${name}`, email: `${name}@test.assure.example`, displayName: name, grants: [grant] };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * The people the authorisation tests act as: every role, and for the scoped roles one holder whose
 * scope covers NHS Airedale, Wharfedale and Craven CCG (02N, in region Y54) and one whose scope does not.
 */
export const TEST_PERSONAS = {
  'national-analyst': [{ role: 'national-analyst' }],
  'committee-member': [{ role: 'committee-member' }],
  auditor: [{ role: 'auditor' }],
  admin: [{ role: 'admin' }],
  'regional-lead Y54 (own region)': [{ role: 'regional-lead', regionCode: 'Y54' }],
  'regional-lead Y56 (other region)': [{ role: 'regional-lead', regionCode: 'Y56' }],
  'ccg-user 02N (own organisation)': [{ role: 'ccg-user', organisationCode: '02N' }],
  'ccg-user 02T (other organisation, same region)': [{ role: 'ccg-user', organisationCode: '02T' }],
  'no role': [],
} as const satisfies Record<string, readonly RoleGrant[]>;

export type Persona = keyof typeof TEST_PERSONAS;
export const PERSONAS = Object.keys(TEST_PERSONAS) as Persona[];

export function personaEmail(persona: Persona): string {
  return `${persona.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}@test.assure.example`;
}

/** Creates an account straight in the database (no policy, no audit): test set-up only. */
export async function createTestAccount(
  db: Kysely<DB>,
  account: { email: string; grants: readonly RoleGrant[]; password?: string; displayName?: string; mustChangePassword?: boolean },
): Promise<string> {
  const userId = await insertUser(db, {
    email: account.email,
    displayName: account.displayName ?? account.email.split('@')[0] ?? 'Test user',
    passwordHash: await hashPassword(account.password ?? TEST_PASSWORD),
    mustChangePassword: account.mustChangePassword ?? false,
  });
  if (userId === undefined) throw new Error(`${account.email} already exists`);
  for (const grant of account.grants) await insertGrant(db, userId, grant);
  return userId;
}

/** One account per persona; returns their user ids. */
export async function createPersonas(db: Kysely<DB>): Promise<Record<Persona, string>> {
  const ids: Partial<Record<Persona, string>> = {};
  for (const persona of PERSONAS) ids[persona] = await createTestAccount(db, { email: personaEmail(persona), grants: TEST_PERSONAS[persona], displayName: persona });
  return ids as Record<Persona, string>;
}

/** A browser stand-in over app.inject: keeps cookies, and sends the CSRF token with every form. */
export interface TestClient {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, form?: Record<string, string>, options?: { csrf?: boolean }): Promise<LightMyRequestResponse>;
  readonly cookies: Map<string, string>;
  csrfToken: string;
}

function remember(cookies: Map<string, string>, response: LightMyRequestResponse): void {
  for (const cookie of response.cookies) {
    if (cookie.value === '' || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now())) cookies.delete(cookie.name);
    else cookies.set(cookie.name, cookie.value);
  }
}

/** A client with no session yet, holding a CSRF token from the sign-in page. */
export async function anonymousClient(app: FastifyInstance): Promise<TestClient> {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const client: TestClient = {
    cookies,
    csrfToken: '',
    async get(url, headers = {}) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), ...headers } });
      remember(cookies, response);
      return response;
    },
    async post(url, form = {}, options = {}) {
      const body = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: client.csrfToken }), ...form });
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      });
      remember(cookies, response);
      return response;
    },
  };
  const page = await client.get('/sign-in');
  client.csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return client;
}

/** Signs in through the sign-in form; throws unless it worked. */
export async function signIn(app: FastifyInstance, email: string, password: string = TEST_PASSWORD): Promise<TestClient> {
  const client = await anonymousClient(app);
  const response = await client.post('/sign-in', { email, password });
  if (response.statusCode !== 303) throw new Error(`sign-in as ${email} answered ${response.statusCode}`);
  return client;
}

export function signInAs(app: FastifyInstance, persona: Persona): Promise<TestClient> {
  return signIn(app, personaEmail(persona));
}
