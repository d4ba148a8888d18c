import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page, type Request } from '@playwright/test';
import { e2eDataDir, petApiPort } from '../playwright.config';
import { adminPage, firstAdmin, invite, joinByInvite } from './support/helpers';
import { PET_API_KEY } from './support/pet-api';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/connectors`;
const SALES_TOKEN = 'sales-bearer-E2E-SECRET-2';
let page: Page;

async function ensurePetStore() {
  const response = await page.goto(`/w/${firstAdmin.workspace}/providers/apis/pet-store/overview`);
  if (response?.status() === 200) return;
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/import`);
  await page.locator('#import-file').setInputFiles(path.resolve('test/fixtures/petstore-v1.yaml'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
}

async function newConnector(name: string, fill: () => Promise<void>) {
  await page.goto(`${base}/new`);
  await page.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await fill();
  await page.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await page.getByLabel('Base URL override').fill(`http://127.0.0.1:${petApiPort}`);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('a builder registers a worker with skills', async ({ browser }) => {
  page = await adminPage(browser);
  await ensurePetStore();
  await page.goto(`${base}/workers`);
  await page.getByLabel('Worker name').fill('Support bot');
  await page.getByLabel('Skills (comma-separated)').fill('triage, reply');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByTestId('workers')).toContainText('Support bot');
  await expect(page.getByTestId('workers')).toContainText('reply, triage');
});

test('two connectors for one provider: the auth form comes from the document; secrets are write-only', async () => {
  await newConnector('Pets (ops)', async () => {
    await expect(page.getByLabel('Type', { exact: true })).toContainText('API key "X-API-Key" in header');
    await page.getByLabel('API key', { exact: true }).fill(PET_API_KEY);
  });
  await expect(page.getByTestId('secret-status')).toContainText('api_key is set');
  await expect(page.getByTestId('connector-auth')).toContainText('X-API-Key in header');

  // Bad input is explained; nothing is created.
  await page.goto(`${base}/new`);
  await page.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pets (ops)');
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByText('Pet Store already has a connector named "Pets (ops)".')).toBeVisible();

  await newConnector('Pets (sales)', async () => {
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'HTTP bearer token (not in the document)' });
    await page.getByLabel('Token').fill(SALES_TOKEN);
    await page.getByLabel('Environment', { exact: true }).selectOption('staging');
  });
  await expect(page.getByTestId('secret-status')).toContainText('token is set');

  // Editing without retyping the secret keeps it.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Token')).toHaveValue('');
  await page.getByLabel('Description').fill('Sales team account');
  await page.getByRole('button', { name: 'Save connector' }).click();
  await expect(page.getByText('Sales team account')).toBeVisible();
  await expect(page.getByTestId('secret-status')).toContainText('token is set');
});

test('test connection calls the API through the connector and shows the outcome', async () => {
  await page.goto(base);
  await page.getByRole('link', { name: 'Pets (ops)' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-outcome')).toContainText('Connected: GET /pets answered 200.');
  await expect(page.getByTestId('test-outcome')).toContainText('Rex');
  await expect(page.getByTestId('test-outcome')).not.toContainText(PET_API_KEY);
  await page.reload();
  await expect(page.getByText('active', { exact: true })).toBeVisible();
});

test('assign one connector to the worker and the other to one skill; the effective view explains', async () => {
  await page.goto(base);
  await page.getByRole('link', { name: 'Pets (ops)' }).click();
  await page.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Worker Support bot' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('assignments')).toContainText('Support bot');

  await page.goto(base);
  await page.getByRole('link', { name: 'Pets (sales)' }).click();
  await page.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Worker Support bot › skill triage' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('assignments')).toContainText('Support bot › triage');

  await page.goto(`${base}/workers`);
  await page.getByRole('link', { name: 'Support bot' }).click();
  await expect(page.getByTestId('effective-Pet Store-all')).toContainText('Pets (ops) because it is assigned to the worker Support bot');
  await expect(page.getByTestId('effective-Pet Store-triage')).toContainText('Pets (sales) because it is assigned to the skill Support bot › triage');
  await expect(page.getByTestId('effective-Pet Store-reply')).toContainText('Pets (ops) because it is assigned to the worker Support bot');
  await page.screenshot({ path: 'test-results/effective-view.png', fullPage: true });
});

test('members see connectors but no secret and cannot change them, even by direct request', async ({ browser }) => {
  // Capture the builder's own "create connector" request to replay it as a member.
  await page.goto(`${base}/new`);
  await page.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Pets (captured)');
  await page.getByLabel('API key', { exact: true }).fill('captured-key-value');
  const captured = new Promise<Request>((resolve) => page.on('request', (r) => r.headers()['next-action'] && resolve(r)));
  await page.getByRole('button', { name: 'Create connector' }).click();
  const request = await captured;
  await expect(page.getByRole('heading', { name: 'Pets (captured)' })).toBeVisible();

  const link = await invite(page, firstAdmin.workspace, `viewer-${Date.now()}@example.test`, 'member');
  const member = await joinByInvite(browser, link, 'Viewer');
  await member.goto(base);
  await expect(member.getByTestId('connector-table')).toContainText('Pets (ops)');
  await expect(member.getByRole('link', { name: 'New connector' })).toHaveCount(0);
  await member.getByRole('link', { name: 'Pets (ops)' }).click();
  await expect(member.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
  expect((await member.goto(`${base}/new`))?.status()).toBe(403);
  const replay = await member.request.post(request.url(), {
    headers: { 'next-action': request.headers()['next-action']!, 'content-type': request.headers()['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    data: request.postData()!.replace('Pets (captured)', 'Pets (member)'),
  });
  expect(replay.status()).toBe(403);
  await member.goto(base);
  await expect(member.getByTestId('connector-table')).not.toContainText('Pets (member)');
});

test('no secret appears in any page, the audit log, its export or the server log', async () => {
  const secrets = [PET_API_KEY, SALES_TOKEN, 'captured-key-value'];
  const pages = [base, `${base}/workers`, `/w/${firstAdmin.workspace}/audit`, `/w/${firstAdmin.workspace}/providers/apis`];
  await page.goto(base);
  for (const name of ['Pets (ops)', 'Pets (sales)']) {
    await page.goto(base);
    await page.getByRole('link', { name }).click();
    pages.push(new URL(page.url()).pathname, `${new URL(page.url()).pathname}/edit`);
  }
  for (const path of pages) {
    const html = await (await page.request.get(path)).text();
    for (const secret of secrets) expect(html, `${path} contains a secret`).not.toContain(secret);
  }
  const csv = await (await page.request.get(`/api/w/${firstAdmin.workspace}/audit/export`)).text();
  expect(csv).toContain('connector.created');
  for (const secret of secrets) expect(csv).not.toContain(secret);
  const log = fs.readFileSync(path.join(e2eDataDir, 'server.log'), 'utf8');
  expect(log.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(log).not.toContain(secret);
});
