import { z } from 'zod';

// Request fields shared by the API's schemas.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that Assure issues as a UUID: anything else is a 400 naming the parameter, never a lookup. */
export function uuidParam(what: string) {
  return z.string().regex(UUID, `must be ${what} id (a UUID)`).describe(`${what[0]?.toUpperCase() ?? ''}${what.slice(1)} id (a UUID)`);
}

/** The CSRF token in a JSON or multipart body, for clients that do not send the csrf-token header. */
export const csrfTokenField = { _csrf: z.string().max(200).optional().describe('The CSRF token, unless sent in a csrf-token header') };
