// What a newcomer meets (issue 16): picks that survive searching in the model import, versions and
// scheme names as people read them, a Repository tab that loads nothing from other hosts, and a
// first-run setup that ends with next steps and stays done.
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { adminPage, firstAdmin } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const ws = `/w/${firstAdmin.workspace}`;
let page: Page;
const foreignRequests: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await adminPage(browser);
  const ours = new URL(baseURL).host;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.host !== ours) foreignRequests.push(`${url.host} (${request.url()})`);
  });
});

test('model import keeps picks across searches, previews all of them and confirms what it applied', async () => {
  await page.goto(`${ws}/providers/models/import`);
  const search = async (q: string) => {
    await page.getByRole('searchbox', { name: 'Search the catalogue' }).fill(q);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
  };
  await search('gpt-4.1');
  for (const key of ['openai:gpt-4.1', 'openai:gpt-4.1-mini', 'openai:gpt-4.1-nano']) await page.getByRole('checkbox', { name: `Pick ${key}`, exact: true }).check();
  await search('claude-sonnet-4-5');
  await expect(page.getByRole('checkbox', { name: 'Pick openai:gpt-4.1', exact: true })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Pick anthropic:claude-sonnet-4-5', exact: true }).check();
  await expect(page.getByTestId('catalog-picked')).toContainText('Picked: 4 models');

  await page.getByRole('button', { name: 'Preview 4 models' }).click();
  const diff = page.getByTestId('catalog-diff');
  for (const key of ['openai:gpt-4.1', 'openai:gpt-4.1-mini', 'openai:gpt-4.1-nano', 'anthropic:claude-sonnet-4-5'])
    await expect(page.getByTestId(`catalog-diff-${key}`)).toBeVisible();
  await expect(diff.getByText('new', { exact: true })).toHaveCount(4);

  await page.getByRole('button', { name: 'Apply 4 models' }).click();
  const applied = page.getByTestId('catalog-applied');
  await expect(applied).toContainText(/Added: GPT-4\.1.*Sonnet 4\.5/);
  await expect(page.getByTestId('catalog-picked')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Preview/ })).toBeDisabled();
  await applied.getByRole('link', { name: 'Go to the models' }).click();
  for (const id of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'claude-sonnet-4-5']) await expect(page.getByTestId(`model-${id}`)).toBeVisible();
});

test('the Repository tab shows versions as documents give them, readable scheme names, and loads nothing from another host', async () => {
  foreignRequests.length = 0;
  await page.goto(`${ws}/providers/repository`);
  const shop = page.getByTestId('catalog-shop');
  // The repository spec may have published version 2 already; either way the label reads "version N".
  await expect(shop).toContainText(/\bversion \d+ ·/);
  const cards = page.getByRole('list', { name: 'Catalogue providers' });
  await expect(cards).not.toContainText(/\bvv\d/);
  await expect(cards).not.toContainText(/GMT|Coordinated Universal Time/);
  const options = await page.getByLabel('Authentication').locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(1);
  for (const option of options) expect(option).not.toMatch(/:|^apiKey$|^oauth2$/);
  expect(options).toContain('API key');
  // The catalogue names a logo on another host: the card shows the monogram and the browser never asks that host.
  await expect(page.getByTestId('catalog-exchange-rates').getByTestId('logo-monogram')).toBeVisible();
  await shop.getByRole('link', { name: 'Shop', exact: true }).click();
  await expect(page.getByTestId('catalog-versions')).toBeVisible();
  await expect(page.getByTestId('catalog-versions')).not.toContainText(/\bvv\d/);
  await page.waitForLoadState('networkidle');
  expect(foreignRequests).toEqual([]);
});

test('first-run setup ends with next steps, and shows it is done when opened again', async () => {
  await page.goto(`${ws}/providers/repository/setup`);
  await expect(page.getByRole('link', { name: 'Skip for now' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select koomalooma Partner API' }).check();
  await page.getByRole('button', { name: 'Sync selected (1)' }).click();
  const done = page.getByTestId('setup-complete');
  await expect(done).toBeVisible({ timeout: 60_000 });
  await expect(done).toContainText(/Setup is complete: 1 provider synced on \d{1,2} \w+ \d{4}/);
  await expect(page.getByRole('link', { name: 'Skip for now' })).toHaveCount(0);
  await expect(done.getByRole('link', { name: 'koomalooma Partner API', exact: true })).toBeVisible();
  await expect(done.getByRole('link', { name: 'Go to the console' })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('setup-complete')).toContainText('Setup is complete: 1 provider synced');
  await page.getByRole('link', { name: 'Add a connector for koomalooma Partner API' }).click();
  await expect(page).toHaveURL(/\/providers\/connectors\/new\?provider=[0-9a-f-]{36}$/);
  expect(foreignRequests).toEqual([]);
});
