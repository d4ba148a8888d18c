import { expect, test, type Page } from '@playwright/test';
import { adminPage, firstAdmin } from './support/helpers';
import { PET_API_KEY } from './support/pet-api';

// Builds on connectors.spec: the worker "Support bot" has "Pets (ops)" assigned, "Pets (sales)" on its skill triage.
test.describe.configure({ mode: 'serial' });

let page: Page;
let token = '';
let workerId = '';

test('an admin creates an API token, shown once', async ({ browser }) => {
  page = await adminPage(browser);
  await page.goto(`/w/${firstAdmin.workspace}/settings/api-tokens`);
  await page.getByLabel('Name', { exact: true }).fill('support-bot runtime');
  await page.getByRole('button', { name: 'Create token' }).click();
  token = await page.getByLabel('New API token', { exact: true }).inputValue();
  expect(token).toMatch(/^pis_/);
  await page.reload();
  await expect(page.getByTestId('token-table')).toContainText('support-bot runtime');
  await expect(page.getByTestId('token-table')).not.toContainText(token);

  await page.goto(`/w/${firstAdmin.workspace}/providers/connectors/workers`);
  const href = await page.getByRole('link', { name: 'Support bot' }).getAttribute('href');
  workerId = href!.split('/').pop()!;
});

test('a worker lists its tools and calls one through its connector; the call shows under recent calls', async ({ request }) => {
  const headers = { authorization: `Bearer ${token}` };
  const tools = await request.get(`/api/v1/tools?workerId=${workerId}`, { headers });
  expect(tools.status()).toBe(200);
  const names = ((await tools.json()) as { tools: { name: string }[] }).tools.map((t) => t.name);
  expect(names).toContain('pet-store__listPets');

  const call = await request.post('/api/v1/tools/invoke', { headers, data: { context: { workerId }, tool: 'pet-store__listPets', arguments: { limit: 2 } } });
  expect(call.status()).toBe(200);
  const result = (await call.json()) as { status: number; body: { value: unknown }; connector: { name: string } };
  expect(result).toMatchObject({ status: 200, body: { value: [{ id: 1, name: 'Rex' }] }, connector: { name: 'Pets (ops)' } });
  expect(JSON.stringify(result)).not.toContain(PET_API_KEY);

  const bad = await request.post('/api/v1/tools/invoke', { headers, data: { context: { workerId }, tool: 'pet-store__listPets', arguments: { limit: 'two' } } });
  expect(bad.status()).toBe(422);
  expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('limit');

  await page.goto(`/w/${firstAdmin.workspace}/providers/connectors`);
  await page.getByRole('link', { name: 'Pets (ops)' }).click();
  await expect(page.getByTestId('recent-calls')).toContainText('GET /pets');
  await expect(page.getByTestId('recent-calls')).toContainText('support-bot runtime');
});

test('the API describes itself, and refuses missing, wrong and revoked tokens', async ({ request }) => {
  const document = await request.get('/api/v1/openapi.json');
  expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');
  expect((await request.get(`/api/v1/tools?workerId=${workerId}`)).status()).toBe(401);
  expect((await request.get(`/api/v1/tools?workerId=${workerId}`, { headers: { authorization: 'Bearer pis_notarealtokenatallxxxxxxxx' } })).status()).toBe(401);
  expect((await request.get('/api/v1/models', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(403);

  await page.goto(`/w/${firstAdmin.workspace}/settings/api-tokens`);
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('token-table')).toContainText('revoked');
  expect((await request.get(`/api/v1/tools?workerId=${workerId}`, { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});
