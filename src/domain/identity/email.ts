/** An email address as Assure compares and stores it: trimmed and lower-case. */
export function normaliseEmail(text: string): string {
  return text.trim().toLowerCase();
}

// Deliberately loose: one @, something either side, a dot in the domain, no spaces. Delivery proves the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}
