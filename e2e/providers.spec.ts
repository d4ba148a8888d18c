import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { adminPage, firstAdmin, invite, joinByInvite } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const fixture = (name: string) => path.resolve('test/fixtures', name);
const apis = `/w/${firstAdmin.workspace}/providers/apis`;
let page: Page;

async function importFile(file: string, target = `${apis}/import`) {
  await page.goto(target);
  await page.locator('#import-file').setInputFiles(file);
  await page.getByRole('button', { name: /^Import( new version)?$/ }).click();
  await expect(page.getByTestId('import-succeeded').or(page.getByTestId('import-failed'))).toBeVisible({ timeout: 60_000 });
}

test('a builder uploads a YAML document and browses its endpoints', async ({ browser }) => {
  page = await adminPage(browser);
  await importFile(fixture('petstore-v1.yaml'));
  await expect(page.getByTestId('import-succeeded')).toContainText('Imported with 5 operations.');
  await page.getByRole('link', { name: 'Open the provider' }).click();

  await expect(page.getByRole('heading', { name: 'Pet Store' })).toBeVisible();
  await expect(page.getByTestId('servers')).toContainText('https://{region}.pets.example.com/v1');
  await expect(page.getByTestId('servers')).toContainText('one of eu, us');
  await expect(page.getByTestId('security-schemes')).toContainText('X-API-Key in header');

  await page.getByRole('tab', { name: 'Endpoints' }).click();
  await expect(page.getByTestId('endpoint-count')).toHaveText('5 endpoints');
  await page.getByLabel('Search').fill('specific pet');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('endpoint-count')).toHaveText('1 matching endpoint');
  await page.getByRole('link', { name: '/pets/{petId}' }).click();
  await expect(page.getByTestId('parameters')).toContainText('petId');
  await expect(page.getByText('"name": "showPetById"')).toBeVisible();

  await page.goto(`${apis}/pet-store/endpoints?tag=store`);
  await expect(page.getByTestId('endpoint-count')).toHaveText('1 matching endpoint');
  await page.screenshot({ path: 'test-results/provider-endpoints.png', fullPage: true });
});

test('curation: a disabled tool leaves the export and the token estimate', async () => {
  await page.goto(`${apis}/pet-store/endpoints`);
  await page.getByRole('switch', { name: 'Tool getInventory enabled' }).uncheck();
  await expect(page.getByRole('switch', { name: 'Tool getInventory enabled' })).not.toBeChecked();
  await page.getByRole('tab', { name: 'Tools' }).click();
  await expect(page.getByTestId('enabled-tools')).toContainText('4 of 5');
  await expect(page.getByTestId('tool-tokens')).toContainText('tokens of tool definitions');

  const providerId = new URL(await page.getByRole('link', { name: 'OpenAI tools (JSON)' }).evaluate((a: HTMLAnchorElement) => a.href)).pathname.split('/')[5];
  const openai = await page.request.get(`/api/w/${firstAdmin.workspace}/providers/${providerId}/tools?format=openai`);
  const names = ((await openai.json()) as { function: { name: string } }[]).map((t) => t.function.name).sort();
  expect(names).toEqual(['createPet', 'deletePet', 'listPets', 'showPetById']);
  const mcp = (await (await page.request.get(`/api/w/${firstAdmin.workspace}/providers/${providerId}/tools?format=mcp`)).json()) as {
    tools: { name: string; inputSchema: object }[];
  };
  expect(mcp.tools).toHaveLength(4);
  const anthropic = (await (await page.request.get(`/api/w/${firstAdmin.workspace}/providers/${providerId}/tools?format=anthropic`)).json()) as { input_schema: object }[];
  expect(anthropic[0]).toHaveProperty('input_schema');
});

test('re-importing identical content creates no version; a changed document shows its diff; roll back', async () => {
  await importFile(fixture('petstore-v1.yaml'), `${apis}/pet-store/import`);
  await expect(page.getByTestId('import-succeeded')).toContainText('Nothing changed: the content is identical to version 1.');

  await importFile(fixture('petstore-v2.yaml'), `${apis}/pet-store/import`);
  await expect(page.getByTestId('import-succeeded')).toContainText('Version 2 imported with 5 operations.');
  await page.getByRole('link', { name: 'See what changed' }).click();
  await expect(page.getByTestId('version-2')).toContainText('current');
  const diff = page.getByTestId('diff-view');
  await expect(diff).toContainText('1 added, 1 removed');
  await expect(diff).toContainText('breaking changes');
  await expect(diff.getByText('Removed (breaking)')).toBeVisible();
  await expect(diff).toContainText('placeOrder');
  await expect(diff).toContainText('deletePet');
  await page.screenshot({ path: 'test-results/provider-diff.png', fullPage: true });

  // getInventory stayed disabled in version 2.
  await page.getByRole('tab', { name: 'Tools' }).click();
  await expect(page.getByTestId('enabled-tools')).toContainText('4 of 5');

  await page.getByRole('tab', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Make version 1 current' }).click();
  await expect(page.getByTestId('version-1')).toContainText('current');
  await expect(page.getByText('rolled back (latest is v2)')).toBeVisible();
  await page.getByRole('tab', { name: 'Endpoints' }).click();
  await expect(page.getByTestId('endpoint-deletePet')).toBeVisible();
});

test('an invalid document is refused with a report of each problem and where it is', async () => {
  await page.goto(`${apis}/import`);
  await page.getByRole('tab', { name: 'Paste text' }).click();
  await page.getByRole('textbox', { name: 'OpenAPI document' }).fill('openapi: 3.0.0\ninfo:\n  title: Broken\npaths:\n  /x:\n    get:\n      responses: 12\n');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const failed = page.getByTestId('import-failed');
  await expect(failed).toContainText('The document was not imported. Nothing was stored.');
  const report = failed.getByTestId('problem-report');
  await expect(report).toContainText('/info');
  await expect(report).toContainText('version');
  await expect(report.locator('tbody tr').first()).toContainText('2');
  await page.goto(apis);
  await expect(page.getByTestId('provider-table').locator('tbody tr')).toHaveCount(1);
});

test('members browse providers but cannot import, curate or roll back', async ({ browser }) => {
  const link = await invite(page, firstAdmin.workspace, `reader-${Date.now()}@example.test`, 'member');
  const member = await joinByInvite(browser, link, 'Reader');
  await member.goto(`${apis}/pet-store/endpoints`);
  await expect(member.getByTestId('endpoint-count')).toBeVisible();
  await expect(member.getByRole('switch')).toHaveCount(0);
  await expect(member.getByRole('link', { name: 'Import new version' })).toHaveCount(0);
  expect((await member.goto(`${apis}/import`))?.status()).toBe(403);
  const response = await member.request.post(`/api/w/${firstAdmin.workspace}/imports`, { data: { text: 'openapi: 3.0.0' } });
  expect(response.status()).toBe(403);
});
