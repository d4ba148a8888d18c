// A signed-in builder's import route: bodies limited while they arrive, bad bodies answered with what
// is wrong, and no state change from a page of another origin (another port is same-site, so the
// Lax session cookie goes along).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { adminPage, firstAdmin } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const importsPath = `/api/w/${firstAdmin.workspace}/imports`;
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await adminPage(browser);
});

async function cookieHeader() {
  return (await page.context().cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
}

test('a chunked upload over 60 MB is refused with 413 while it arrives, not after buffering it', async () => {
  const cookie = await cookieHeader();
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const outcome = await new Promise<{ status: number; body: string; sentMb: number }>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(`${baseURL}${importsPath}`, {
      method: 'POST',
      headers: { cookie, origin: baseURL, 'content-type': 'multipart/form-data; boundary=xyz', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sentMb: sent });
        req.destroy();
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.yaml"\r\n\r\n');
    const pump = () => {
      // Up to 200 MB offered; the server must answer long before the end.
      while (!answered && sent < 200) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end('\r\n--xyz--\r\n');
    };
    pump();
  });
  expect(outcome.status).toBe(413);
  expect(JSON.parse(outcome.body).error.message).toBe('The document is larger than 60 MB. Remove unused parts or split it.');
  expect(outcome.sentMb).toBeLessThan(200);
});

test('a wrong content type, an empty or malformed JSON body and a NUL character get 415/400/422 saying what is wrong', async () => {
  const post = (data: string, contentType = 'application/json') =>
    page.request.post(importsPath, { data: Buffer.from(data), headers: { 'content-type': contentType, origin: baseURL } });

  const form = await post('url=https://example.com/openapi.json', 'application/x-www-form-urlencoded');
  expect(form.status()).toBe(415);
  expect((await form.json()).error.message).toContain('Send it with Content-Type: application/json');

  const empty = await post('');
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error.message).toBe('The request body is empty. Send a JSON object.');

  const malformed = await post('{"text": "openapi: 3.0.0",');
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/^The request body is not valid JSON: .*position 26/);

  const nul = await post('{"text":"openapi: 3.0.0\\u0000"}');
  expect(nul.status()).toBe(422);
  expect((await nul.json()).error.issues).toEqual([{ path: 'text', message: 'Contains a NUL character (\\u0000).' }]);
});

test.describe('a page on another port of the same host', () => {
  let other: Server;
  let otherOrigin = '';
  test.beforeAll(async () => {
    // Posts a document to the app with the visitor's cookie, as a hostile page on the same host would.
    const html = `<!doctype html><title>other</title><script>
      const form = new FormData();
      form.append('file', new Blob(['openapi: 3.0.0\\ninfo: {title: Planted, version: "1"}\\npaths: {}\\n']), 'planted.yaml');
      fetch('${baseURL}${importsPath}', { method: 'POST', body: form, mode: 'no-cors', credentials: 'include' });
    </script>`;
    other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
    await new Promise<void>((resolve) => other.listen(0, resolve));
    otherOrigin = `http://localhost:${(other.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => other.close(resolve));
  });

  test("cannot start an import with the visitor's session (403)", async () => {
    const answered = page.waitForResponse((response) => response.url() === `${baseURL}${importsPath}`);
    await page.goto(otherOrigin);
    const response = await answered;
    expect(response.status()).toBe(403);
    await page.goto(`/w/${firstAdmin.workspace}/providers/apis`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Planted')).toHaveCount(0);
  });

  test("while the app's own import page still imports", async () => {
    const answered = page.waitForResponse((response) => response.url() === `${baseURL}${importsPath}` && response.request().method() === 'POST');
    await page.goto(`/w/${firstAdmin.workspace}/providers/apis/import`);
    await page
      .locator('#import-file')
      .setInputFiles({ name: 'own.yaml', mimeType: 'application/yaml', buffer: Buffer.from('openapi: 3.0.0\ninfo: {title: Own Page, version: "1"}\npaths: {}\n') });
    await page.getByRole('button', { name: /^Import( new version)?$/ }).click();
    expect((await answered).status()).toBe(202);
  });
});
