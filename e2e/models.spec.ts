import { expect, test, type Page } from '@playwright/test';
import { adminPage, firstAdmin, invite, joinByInvite } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/models`;
let page: Page;

test('an admin adds a model; bad input is explained field by field', async ({ browser }) => {
  page = await adminPage(browser);
  await page.goto(`${base}/new`);
  await page.getByLabel('Provider', { exact: true }).fill('acme');
  await page.getByLabel('Identifier', { exact: true }).fill('acme-large-1');
  await page.getByLabel('Display name', { exact: true }).fill('Acme Large');
  await page.getByLabel('Context window (max input tokens)').fill('8000');
  await page.getByLabel('Max output tokens').fill('16000');
  await page.getByLabel('Input', { exact: true }).fill('2.50');
  await page.getByLabel('Cached input').fill('3');
  await page.getByLabel('Output', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByText('Enter a number such as 2.50')).toBeVisible();
  await page.getByLabel('Output', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByText('cannot be above the context window')).toBeVisible();
  await expect(page.getByText('The cached-input price cannot be above the input price')).toBeVisible();

  await page.getByLabel('Max output tokens').fill('4000');
  await page.getByLabel('Cached input').fill('1.25');
  await page.getByLabel('Function calling').check();
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByRole('heading', { name: 'Acme Large' })).toBeVisible();
  await expect(page.getByTestId('price-history')).toContainText('$2.5');
});

test('toggle it off and on in the list', async () => {
  await page.goto(base);
  const row = page.getByTestId('model-acme-large-1');
  await expect(row).toContainText('$2.5');
  await row.getByRole('switch', { name: 'acme-large-1 enabled' }).uncheck();
  await expect(row.getByRole('switch')).not.toBeChecked();
  await page.goto(`${base}?status=inactive`);
  await expect(page.getByTestId('model-acme-large-1')).toBeVisible();
  await page.getByTestId('model-acme-large-1').getByRole('switch').check();
  await page.goto(`${base}?status=inactive`);
  await expect(page.getByTestId('model-acme-large-1')).toHaveCount(0);
});

test('edit its price: the history keeps both; the estimator prices today and a past date', async () => {
  await page.goto(base);
  await page.getByRole('link', { name: 'acme-large-1' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Input', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Save model' }).click();
  await expect(page.getByTestId('price-history').locator('tbody tr')).toHaveCount(2);

  await page.getByLabel('Input tokens').fill('1,234,567');
  await page.getByLabel('Of which cached').fill('0');
  await page.getByLabel('Output tokens').fill('0');
  await page.getByRole('button', { name: 'Estimate' }).click();
  await expect(page.getByTestId('cost-estimate')).toContainText('$3.703701');

  await page.getByLabel('At date (optional)').fill('2020-01-01');
  await page.getByRole('button', { name: 'Estimate' }).click();
  await expect(page.getByText(/No prices were recorded for this model on 2020-01-01/)).toBeVisible();
});

test('import two models from the catalogue after a field-by-field preview', async () => {
  await page.goto(`${base}/import?q=gpt-4o`);
  await page.getByRole('checkbox', { name: 'Pick openai:gpt-4o', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Pick openai:gpt-4o-mini', exact: true }).check();
  await page.getByRole('button', { name: 'Preview 2 models' }).click();
  const diff = page.getByTestId('catalog-diff');
  await expect(diff).toContainText('openai:gpt-4o-mini');
  await expect(diff).toContainText('contextWindow');
  await expect(diff.getByText('new', { exact: true })).toHaveCount(2);
  await page.getByRole('button', { name: 'Apply 2 models' }).click();
  await expect(page.getByTestId('catalog-applied')).toContainText('Added: GPT-4o');
  await page.getByRole('link', { name: 'Go to the models' }).click();
  await expect(page).toHaveURL(new RegExp(`${base}$`));
  await expect(page.getByTestId('model-gpt-4o')).toContainText('$2.5');
  await expect(page.getByTestId('model-gpt-4o-mini')).toContainText('$0.15');
  await page.screenshot({ path: 'test-results/models.png', fullPage: true });
});

test('builders and members read the models but cannot change them', async ({ browser }) => {
  const link = await invite(page, firstAdmin.workspace, `modeller-${Date.now()}@example.test`, 'builder');
  const builder = await joinByInvite(browser, link, 'Modeller');
  await builder.goto(base);
  await expect(builder.getByTestId('model-acme-large-1')).toBeVisible();
  await expect(builder.getByRole('switch')).toHaveCount(0);
  await expect(builder.getByRole('link', { name: 'Add model' })).toHaveCount(0);
  expect((await builder.goto(`${base}/new`))?.status()).toBe(403);
  expect((await builder.goto(`${base}/import`))?.status()).toBe(403);
});
