/** The HTTP security settings that differ between deployments (and, for the limits, in tests). */
export interface SecurityOptions {
  /** Browsers reach Assure over HTTPS: cookies get Secure and the __Host- prefix, responses HSTS. */
  readonly behindTls: boolean;
  /** Sign-in attempts a client address may make a minute (guessing passwords across accounts). */
  readonly signInAttemptsPerMinute: number;
  /** Open-data API requests a client address may make a minute. */
  readonly apiRequestsPerMinute: number;
}

export const DEFAULT_SECURITY: SecurityOptions = { behindTls: false, signInAttemptsPerMinute: 10, apiRequestsPerMinute: 600 };

/** A cookie's name: with the __Host- prefix over HTTPS, so no subdomain can set or overwrite it. */
export function cookieName(base: string, security: SecurityOptions): string {
  return security.behindTls ? `__Host-${base}` : base;
}

/** Attributes every Assure cookie carries: not readable by scripts, not sent on cross-site posts. */
export function cookieAttributes(security: SecurityOptions) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: security.behindTls } as const;
}
