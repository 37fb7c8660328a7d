import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UPLOAD_FOLDER_PREFIX } from './abandoned-uploads.ts';

// Multipart uploads of one file and a few fields, for the routes of the plugin that accepts them. The
// fields go to `request.body` (so the CSRF check, a route-level preValidation hook that runs after this
// plugin-level parse, finds `_csrf` there as it does for any form); the file is streamed to a private
// temporary folder, because an import reads it twice (hash, then rows), and the folder is removed once the
// response is sent unless a handler took the file over.

export interface UploadLimits {
  /** The largest file accepted, in bytes. */
  readonly fileSize: number;
  /** The longest field value accepted, in bytes. */
  readonly fieldSize: number;
  /** How many fields the form may carry beside the file. */
  readonly fields: number;
}

/** A file a request uploaded, kept in its own private folder until `discard`. */
export interface UploadedFile {
  /** The file's own name as the browser gave it, without any folder (Windows browsers used to send the full path). */
  readonly fileName: string;
  readonly path: string;
  readonly discard: () => Promise<void>;
}

const uploads = new WeakMap<FastifyRequest, UploadedFile>();

function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? '').slice(0, 255);
}

/** Accepts multipart uploads on the calling plugin's routes, within the limits. */
export async function acceptUploads(app: FastifyInstance, limits: UploadLimits): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: limits.fileSize, files: 1, fields: limits.fields, fieldSize: limits.fieldSize, fieldNameSize: 50, parts: limits.fields + 2, headerPairs: 100 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const directory = await fs.promises.mkdtemp(path.join(os.tmpdir(), UPLOAD_FOLDER_PREFIX));
      const upload = { fileName: baseName(part.filename), path: path.join(directory, 'data'), discard: () => fs.promises.rm(directory, { recursive: true, force: true }) };
      uploads.set(this, upload);
      await pipeline(part.file, fs.createWriteStream(upload.path, { flags: 'wx', mode: 0o600 }));
    },
  });
  // Backstop for uploads no handler took over (refused by the CSRF check, a limit or a bad field).
  app.addHook('onResponse', async (request) => {
    const upload = uploads.get(request);
    uploads.delete(request);
    if (upload !== undefined) await upload.discard();
  });
}

/** The request's uploaded file, if any, without taking it over: it is removed with the response. */
export function uploadedFile(request: FastifyRequest): UploadedFile | undefined {
  return uploads.get(request);
}

/** Takes the request's uploaded file over, so it outlives the response (a background import); the caller discards it. */
export function takeUploadedFile(request: FastifyRequest): UploadedFile | undefined {
  const upload = uploads.get(request);
  uploads.delete(request);
  return upload;
}
