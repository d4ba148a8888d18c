// An admin connects an MCP client with only what the console gives: the new token (copied with its
// Copy button) and a worker's Cursor configuration (copied from the worker's page), then lists and
// calls a tool through /api/mcp with the official SDK client.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { baseURL, petApiPort } from '../playwright.config';
import { adminPage, firstAdmin } from './support/helpers';
import { PET_API_KEY } from './support/pet-api';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/connectors`;
const suffix = Date.now().toString(36);
const workerName = `MCP bot ${suffix}`;
const connectorName = `Pets (mcp ${suffix})`;
let page: Page;
let token = '';
let cursorConfig: { mcpServers: Record<string, { url: string; headers: Record<string, string> }> };

const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

async function ensurePetStore() {
  const response = await page.goto(`/w/${firstAdmin.workspace}/providers/apis/pet-store/overview`);
  if (response?.status() === 200) return;
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/import`);
  await page.locator('#import-file').setInputFiles(path.resolve('test/fixtures/petstore-v1.yaml'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
}

test('set-up: a worker with a Pet Store connector assigned', async ({ browser }) => {
  page = await adminPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await ensurePetStore();
  await page.goto(`${base}/workers`);
  await page.getByLabel('Worker name').fill(workerName);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByTestId('workers')).toContainText(workerName);

  await page.goto(`${base}/new`);
  await page.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name', { exact: true }).fill(connectorName);
  await page.getByLabel('API key', { exact: true }).fill(PET_API_KEY);
  await page.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await page.getByLabel('Base URL override').fill(`http://127.0.0.1:${petApiPort}`);
  await page.getByRole('button', { name: 'Create connector' }).click();
  await expect(page.getByRole('heading', { name: connectorName })).toBeVisible();
  await page.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: `Worker ${workerName}` });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('assignments')).toContainText(workerName);
});

test('the admin creates a token and copies it with the Copy button', async () => {
  await page.goto(`/w/${firstAdmin.workspace}/settings/api-tokens`);
  await page.getByLabel('Name', { exact: true }).fill(`mcp client ${suffix}`);
  await page.getByRole('button', { name: 'Create token' }).click();
  const copy = page.getByRole('button', { name: 'Copy the token' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  token = await clipboard();
  expect(token).toMatch(/^pis_/);
  expect(token).toBe(await page.getByLabel('New API token').inputValue());

  // Shown once anyway: right after creation the client configuration may carry the new token.
  const shown = page.getByRole('status').filter({ hasText: 'Copy the token now' });
  await shown.getByLabel('Tools of').selectOption({ label: `worker ${workerName}` });
  await expect(shown.getByLabel('Cursor configuration', { exact: true })).toContainText(`"Authorization": "Bearer ${token}"`);
  // The page's own configuration card keeps the placeholder.
  await expect(page.getByLabel('Cursor configuration', { exact: true }).last()).toContainText('Bearer <your API token>');
});

test("the worker's page gives a Cursor configuration with the URL and a placeholder, never a token", async () => {
  await page.goto(`${base}/workers`);
  await page.getByRole('link', { name: workerName }).click();
  await expect(page.getByRole('heading', { name: 'Connect an MCP client' })).toBeVisible();
  const copy = page.getByRole('button', { name: 'Copy Cursor configuration' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const copied = await clipboard();
  expect(copied).not.toContain('pis_');
  cursorConfig = JSON.parse(copied);
  const [server] = Object.values(cursorConfig.mcpServers);
  const workerId = page.url().split('/').pop();
  expect(server!.url).toBe(`${baseURL}/api/mcp?workerId=${workerId}`);
  expect(server!.headers.Authorization).toBe('Bearer <your API token>');
});

test('an MCP client with that URL and token lists the tools and calls one', async () => {
  const [server] = Object.values(cursorConfig.mcpServers);
  const headers = { Authorization: server!.headers.Authorization!.replace('<your API token>', token) };
  const client = new Client({ name: 'e2e-cursor-config', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server!.url), { requestInit: { headers } }));
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('pet-store__listPets');
    const result = await client.callTool({ name: 'pet-store__listPets', arguments: { limit: 1 } });
    expect(result.isError).toBe(false);
    const text = (result.content as { type: string; text: string }[])[0]!.text;
    expect(JSON.parse(text)).toMatchObject({ status: 200 });
    expect(text).not.toContain(PET_API_KEY);
  } finally {
    await client.close();
  }
});
