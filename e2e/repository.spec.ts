import { expect, test, type Page } from '@playwright/test';
import { catalogPort, cronSecret } from '../playwright.config';
import { directoryDocument, fixtureDocument, withExtraOperation } from '../test/catalog-server';
import { catalogName } from './support/catalog';
import { adminPage, firstAdmin, invite, joinByInvite } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const repository = `/w/${firstAdmin.workspace}/providers/repository`;
const catalogue = `http://127.0.0.1:${catalogPort}`;
let page: Page;

test('browse the catalogue: search, filter by category and authentication, logos or monograms', async ({ browser }) => {
  page = await adminPage(browser);
  await page.goto(repository);
  await expect(page.getByRole('heading', { name: catalogName })).toBeVisible();
  await expect(page.getByTestId('catalog-count')).toHaveText('5 of 5 providers');
  await expect(page.getByTestId('catalog-petstore').getByTestId('operation-count')).toHaveText('5 operations');
  // The exchange-rates logo does not load: its card falls back to the monogram.
  await expect(page.getByTestId('catalog-exchange-rates').getByTestId('logo-monogram')).toHaveText('EA');

  await page.getByLabel('Search').fill('doctor');
  await expect(page.getByTestId('catalog-count')).toHaveText('1 of 5 providers');
  await expect(page.getByTestId('catalog-medcorder')).toBeVisible();
  await page.getByLabel('Search').fill('');
  await page.getByLabel('Category').selectOption('Commerce');
  await expect(page.getByTestId('catalog-count')).toHaveText('2 of 5 providers');
  await page.getByLabel('Category').selectOption('');
  await page.getByLabel('Authentication').selectOption({ label: 'API key' });
  await expect(page.getByRole('list', { name: 'Catalogue providers' }).getByRole('listitem')).toHaveCount(2);
  await page.getByLabel('Authentication').selectOption('');

  await page.getByRole('link', { name: 'Swagger Petstore' }).click();
  await expect(page.getByTestId('catalog-versions')).toContainText('First version');
});

test('select three providers and sync them, with progress per provider', async () => {
  await page.goto(repository);
  for (const name of ['Swagger Petstore', 'Shop', 'ExchangeRate-API']) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByRole('button', { name: 'Sync selected (3)' }).click();
  const progress = page.getByTestId('sync-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('sync-count')).toHaveText('3 of 3');
  await expect(page.getByTestId('progress-petstore')).toContainText('synced 1.0.0');
  await page.screenshot({ path: 'test-results/repository-sync.png', fullPage: true });

  await expect(page.getByTestId('selection-table').getByText('up to date')).toHaveCount(3);
  // A synced provider is an ordinary provider of the workspace, from the central repository.
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis`);
  await expect(page.getByRole('row', { name: /Swagger Petstore/ })).toContainText('Central repository');
});

test('the catalogue changes; the scheduled sync applies the safe update and holds the breaking one', async ({ request }) => {
  const publish = async (id: string, version: string, document: object) =>
    expect((await request.post(`${catalogue}/__control/publish`, { data: { id, version, document } })).ok()).toBe(true);
  await publish('petstore', '2.0.0', fixtureDocument('petstore-v2.yaml'));
  await publish('shop', '2', withExtraOperation(directoryDocument('shop.app.json'), '/status', 'getStatus'));

  expect((await request.get('/api/cron/sync', { headers: { authorization: 'Bearer wrong' } })).status()).toBe(401);
  expect((await request.get('/api/cron/sync')).status()).toBe(401);
  const cron = await request.get('/api/cron/sync', { headers: { authorization: `Bearer ${cronSecret}` } });
  expect(cron.status()).toBe(200);
  expect(await cron.json()).toMatchObject({ skipped: false, catalogue: 'changed', runs: [{ status: 'succeeded', done: 3, total: 3 }] });

  await page.goto(repository);
  await expect(page.getByRole('link', { name: /Notifications, [1-9]\d* unread/ })).toBeVisible();
  await expect(page.getByTestId('selection-petstore')).toContainText('update available: 2.0.0');
  await expect(page.getByTestId('selection-shop')).toContainText('up to date');
  await expect(page.getByTestId('selection-shop')).toContainText('version 2 ·');

  await page.getByRole('link', { name: /Notifications, [1-9]\d* unread/ }).click();
  await expect(page.getByRole('link', { name: 'Shop: 1 operation added' })).toBeVisible();
  await page.getByRole('link', { name: 'Swagger Petstore: 1 operation added, 1 removed; 1 breaking change' }).click();
  await expect(page).toHaveURL(new RegExp(`${repository}/petstore$`));
  const update = page.getByTestId('update-available');
  await expect(update).toContainText('Update available: 2.0.0 (you have 1.0.0)');
  await expect(update).toContainText('DELETE /pets/{petId} removed');
  await expect(page.getByTestId('catalog-version-2.0.0')).toContainText('1 operation added, 1 removed; 1 breaking change');
  await page.screenshot({ path: 'test-results/repository-update.png', fullPage: true });

  // The workspace provider's own page says so too, with a way to the changelog.
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/petstore`);
  await expect(page.getByTestId('provider-update-available')).toContainText('2.0.0 (synced: 1.0.0) — 1 operation added, 1 removed; 1 breaking change');
  await page.getByRole('link', { name: 'View the changelog' }).click();
  await expect(page).toHaveURL(new RegExp(`${repository}/petstore$`));
});

test('apply the held update, then roll back to the first version', async () => {
  await page.getByRole('button', { name: 'Apply 2.0.0' }).first().click();
  await expect(page.getByTestId('update-available')).toHaveCount(0);
  await expect(page.getByText('Synced version 2.0.0')).toBeVisible();
  await expect(page.getByTestId('workspace-version-2')).toContainText('current');

  await page.getByRole('button', { name: 'Roll back to version 1' }).click();
  await expect(page.getByTestId('workspace-version-1')).toContainText('current');
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/petstore`);
  await expect(page.getByText('rolled back (latest is v2)')).toBeVisible();

  // History: the first sync and the apply by hand, the scheduled one between them.
  await page.goto(`${repository}/history`);
  await expect(page.getByTestId('sync-run')).toHaveCount(3);
  const scheduled = page.getByTestId('sync-run').filter({ hasText: 'scheduled' });
  await scheduled.locator('summary').click();
  await expect(scheduled).toContainText('update held');
  await expect(scheduled).toContainText('updated');
  await expect(page.getByTestId('sync-run').first()).toContainText('1 updated');
});

test('members browse the catalogue and the history but cannot select, sync, apply or change the policy', async ({ browser }) => {
  const link = await invite(page, firstAdmin.workspace, `reader-${Date.now()}@example.test`, 'member');
  const member = await joinByInvite(browser, link, 'Reader');
  await member.goto(repository);
  await expect(member.getByTestId('catalog-count')).toHaveText('5 of 5 providers');
  await expect(member.getByRole('checkbox', { name: /^Select / })).toHaveCount(0);
  await expect(member.getByRole('button', { name: /Sync/ })).toHaveCount(0);
  await expect(member.getByRole('button', { name: /Stop syncing/ })).toHaveCount(0);
  await expect(member.getByRole('switch', { name: 'Apply non-breaking updates of Shop automatically' })).toBeDisabled();
  await member.goto(`${repository}/setup`);
  await expect(member.getByRole('heading', { name: 'Your role does not allow this' })).toBeVisible();
  await member.goto(`${repository}/history`);
  await expect(member.getByTestId('sync-run')).toHaveCount(3);
});
