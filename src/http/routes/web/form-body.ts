import type { z } from 'zod';

/**
 * A submitted form's fields. Every field schema ends in `.catch(…)`, so any object parses; a body that
 * is not an object (JSON sent to a form route) counts as an empty form rather than a server error.
 */
export function readForm<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  return schema.parse(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
}
