import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SecurityOptions } from '../security-options.ts';

const TEMPLATE = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk', 'template.njk');

/**
 * The CSP hash of the one inline script the NHS.UK page template carries (it marks <body> as
 * js-enabled before first paint). Read from the installed template, so an upgrade that changes the
 * script changes the hash too; every other script must come from Assure's own origin.
 */
function templateScriptHash(): string {
  const template = fs.readFileSync(TEMPLATE, 'utf8');
  const script = /<script[^>]*>(.*?)<\/script>/s.exec(template)?.[1];
  if (script === undefined) throw new Error(`No inline script found in ${TEMPLATE}`);
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

/**
 * Security headers on every response: a CSP allowing scripts, styles and images from Assure only
 * (no inline script but the template's hashed one; style attributes allowed for server-drawn SVG
 * charts), no framing, no MIME sniffing, a same-origin referrer, and HSTS when served over HTTPS.
 */
export const securityHeaders = fp<{ security: SecurityOptions }>(
  async (app: FastifyInstance, { security }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", templateScriptHash()],
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(security.behindTls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: security.behindTls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    });
  },
  { name: 'assure-security-headers' },
);
