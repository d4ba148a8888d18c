import 'server-only';
import { AppError } from '@/lib/errors';
import { guardedFetch, OutboundRequestError } from '@/lib/net/guarded-fetch';
import { MAX_DOCUMENT_BYTES } from './limits';

/** Downloads an OpenAPI document through the guarded fetch. Failures say what to do. */
export async function fetchDocument(url: string, options: { allowPrivateNetwork?: boolean } = {}): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid', 'Enter a full URL, like https://api.example.com/openapi.json.');
  }
  try {
    const response = await guardedFetch(parsed.toString(), {
      headers: { accept: 'application/json, application/yaml, application/x-yaml, text/yaml, text/plain;q=0.9, */*;q=0.5' },
      maxBytes: MAX_DOCUMENT_BYTES,
      timeoutMs: 30_000,
      allowCrossHostRedirects: true,
      ...options,
    });
    if (response.status >= 400)
      throw new AppError('invalid', `The server answered ${response.status} for ${parsed.origin}${parsed.pathname}. Check the URL, or download the document and upload it.`);
    return response.text();
  } catch (error) {
    if (error instanceof OutboundRequestError) throw new AppError('invalid', `Could not download the document: ${error.message}`);
    throw error;
  }
}
