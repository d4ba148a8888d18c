import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { getProviderById } from '@/lib/providers/queries';
import { createImportJob, runImportJob, type ImportSource } from '@/lib/providers/jobs';
import { MAX_DOCUMENT_BYTES } from '@/lib/providers/limits';
import { providerDetailsSchema } from '@/lib/providers/manage';
import { AppError } from '@/server/api';
import { assertNoNulCharacters, readFormBody, readJsonBody } from '@/server/body';
import { memberRoute } from '@/server/route-auth';
import { clientIpFrom } from '@/server/request';

export const dynamic = 'force-dynamic';
// An import runs after the response: the person watches the job's progress instead of a spinner
// that a proxy's time-out could cut.
export const maxDuration = 300;

const overridesSchema = providerDetailsSchema.partial().extend({ name: z.string().trim().max(120).optional() });

const fieldsSchema = z.object({
  url: z.url({ protocol: /^https?$/, message: 'Enter an http(s) URL, like https://api.example.com/openapi.json.' }).optional(),
  text: z.string().max(MAX_DOCUMENT_BYTES, 'The document is larger than 60 MB.').optional(),
  filename: z.string().max(200).optional(),
  providerId: z.uuid().optional(),
  overrides: overridesSchema.optional(),
});

const documentLimit = { limit: MAX_DOCUMENT_BYTES + 64 * 1024, what: 'The document', hint: 'Remove unused parts or split it.' };

/** Starts an import from an uploaded file (multipart), pasted text or a URL (JSON). Answers 202 with the job. */
export const POST = memberRoute<{ workspace: string }>('imports.start', { role: 'builder', bodyLimit: documentLimit }, async (request, { db, user, workspace }) => {
  let fields: z.infer<typeof fieldsSchema>;
  if ((request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const form = await readFormBody(request, documentLimit);
    const file = form.get('file');
    const overrides = Object.fromEntries(['name', 'slug', 'description'].map((k) => [k, form.get(k) || undefined]).filter(([, v]) => v));
    fields = fieldsSchema.parse({
      text: file instanceof File ? await file.text() : undefined,
      filename: file instanceof File ? file.name : undefined,
      providerId: form.get('providerId') || undefined,
      overrides: Object.keys(overrides).length ? overrides : undefined,
    });
    assertNoNulCharacters(fields);
  } else {
    fields = await readJsonBody(request, { ...documentLimit, schema: fieldsSchema });
  }
  if (!fields.text && !fields.url) throw new AppError('invalid', 'Choose a file, paste a document or give a URL.', { fields: { text: ['Nothing to import.'] } });
  if (fields.text !== undefined && !fields.text.trim()) throw new AppError('invalid', 'The document is empty.', { fields: { text: ['The document is empty.'] } });
  if (fields.providerId) await getProviderById({ db, workspaceId: workspace.id, id: fields.providerId });

  const source: ImportSource = fields.url ? { kind: 'url', url: fields.url } : { kind: 'text', text: fields.text!, filename: fields.filename };
  const actor = { id: user.id, label: user.email, ip: clientIpFrom(request.headers) };
  const job = await createImportJob({ db, workspaceId: workspace.id, actor, source, providerId: fields.providerId });
  after(() => runImportJob({ db, job, actor, source, overrides: fields.overrides }));
  return NextResponse.json({ jobId: job.id, status: job.status }, { status: 202 });
});
