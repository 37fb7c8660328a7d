import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestClient } from './identity.ts';

type Fields = Record<string, string>;

export interface UploadedFile {
  readonly name: string;
  readonly text: string | Uint8Array;
}

/** A multipart/form-data body as a browser sends it: the CSRF token first, then the fields, then the file. */
export async function multipartBody(fields: Fields, file: UploadedFile | undefined) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file !== undefined) form.append('file', new Blob([file.text], { type: 'text/csv' }), file.name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? '' };
}

/** Posts an upload as the page's form does (token as the first field) or, to the API, as a script does (token in a header). */
export async function upload(app: FastifyInstance, client: TestClient, url: string, fields: Fields, file?: UploadedFile): Promise<LightMyRequestResponse> {
  const api = url.startsWith('/api/');
  const { payload, contentType } = await multipartBody(api ? fields : { _csrf: client.csrfToken, ...fields }, file);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType, ...(api ? { 'csrf-token': client.csrfToken } : {}) }, payload });
}
