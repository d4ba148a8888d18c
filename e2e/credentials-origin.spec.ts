// A builder points a connector somewhere else: the stored key is not sent there until a builder
// confirms the new address on the connector's page.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clinicApiPort, petApiPort } from '../playwright.config';
import { adminPage, firstAdmin, invite, joinByInvite } from './support/helpers';
import { PET_API_KEY } from './support/pet-api';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/connectors`;
const name = `Pets (moved ${Date.now().toString(36)})`;
// The key is entered for one loopback API, then the connector is pointed at the Pet Store API.
const firstOrigin = `http://127.0.0.1:${clinicApiPort}`;
const newOrigin = `http://127.0.0.1:${petApiPort}`;
let builder: Page;

async function ensurePetStore(page: Page) {
  const response = await page.goto(`/w/${firstAdmin.workspace}/providers/apis/pet-store/overview`);
  if (response?.status() === 200) return;
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/import`);
  await page.locator('#import-file').setInputFiles(path.resolve('test/fixtures/petstore-v1.yaml'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
}

test('a builder creates a connector: its key is bound to the address it was entered for', async ({ browser }) => {
  const admin = await adminPage(browser);
  await ensurePetStore(admin);
  const email = `origin-builder-${Date.now()}@example.test`;
  builder = await joinByInvite(browser, await invite(admin, firstAdmin.workspace, email, 'builder'), 'Origin Builder');

  await builder.goto(`${base}/new`);
  await builder.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
  await builder.getByRole('button', { name: 'Continue' }).click();
  await builder.getByLabel('Name', { exact: true }).fill(name);
  await builder.getByLabel('API key', { exact: true }).fill(PET_API_KEY);
  await builder.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await builder.getByLabel('Base URL override').fill(firstOrigin);
  await builder.getByRole('button', { name: 'Create connector' }).click();
  await expect(builder.getByRole('heading', { name })).toBeVisible();
  await expect(builder.getByTestId('credentials-bound-origin')).toHaveText(firstOrigin);
});

test('changing the base URL to another host: the connector needs attention, says why, and sends nothing', async () => {
  await builder.getByRole('link', { name: 'Edit' }).click();
  await builder.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await builder.getByLabel('Base URL override').fill(newOrigin);
  await builder.getByRole('button', { name: 'Save connector' }).click();
  const alert = builder.getByTestId('credentials-origin');
  await expect(alert).toContainText(`The connector's credentials were entered for ${firstOrigin}; it now points to ${newOrigin}.`);
  await expect(builder.getByText('needs attention', { exact: true })).toBeVisible();

  await builder.getByRole('button', { name: 'Test connection' }).click();
  await expect(builder.getByTestId('test-outcome')).toContainText(`it now points to ${newOrigin}`);
  await expect(builder.getByTestId('test-outcome')).not.toContainText('answered 200');
});

test('the builder confirms the new address: the alert goes, the key is used there', async () => {
  builder.once('dialog', (dialog) => void dialog.accept());
  await builder.getByRole('button', { name: `Use the stored credentials with ${newOrigin}` }).click();
  await expect(builder.getByTestId('credentials-origin')).toHaveCount(0);
  await expect(builder.getByTestId('credentials-bound-origin')).toHaveText(newOrigin);
  await builder.getByRole('button', { name: 'Test connection' }).click();
  await expect(builder.getByTestId('test-outcome')).toContainText('Connected: GET /pets answered 200.');
  await expect(builder.getByTestId('test-outcome')).not.toContainText(PET_API_KEY);
});
