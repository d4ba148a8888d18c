// A builder moves an OAuth connector's token URL to another host: the client secret is not sent
// there until a builder confirms the new address on the connector's page.
import { expect, test, type Page } from '@playwright/test';
import { clinicApiPort, oidcPort, petApiPort } from '../playwright.config';
import { CLINIC_CLIENT } from './support/clinic-api';
import { adminPage, ensurePetClinic, firstAdmin } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/connectors`;
const name = `Clinic app (token moved ${Date.now().toString(36)})`;
const tokenOrigin = `http://127.0.0.1:${oidcPort}`;
const otherOrigin = `http://127.0.0.1:${petApiPort}`;
let admin: Page;

test('an App Token connector is bound to its token endpoint at its first token request', async ({ browser }) => {
  admin = await adminPage(browser);
  await ensurePetClinic(admin);
  await admin.goto(`${base}/new`);
  await admin.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Clinic' });
  await admin.getByRole('button', { name: 'Continue' }).click();
  await admin.getByLabel('Name', { exact: true }).fill(name);
  await admin.getByLabel('Type', { exact: true }).selectOption({ label: 'App Token (clinicAuth)' });
  await admin.getByLabel('Token URL').fill(`${tokenOrigin}/token`);
  await admin.getByLabel('Scopes').fill('pets:read');
  await admin.getByLabel('Client id').fill(CLINIC_CLIENT.id);
  await admin.getByLabel('Client secret').fill(CLINIC_CLIENT.secret);
  await admin.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await admin.getByLabel('Base URL override').fill(`http://127.0.0.1:${clinicApiPort}`);
  await admin.getByRole('button', { name: 'Create connector' }).click();
  await expect(admin.getByRole('heading', { name })).toBeVisible();
  await expect(admin.getByTestId('oauth-bound-origins')).toHaveText('not bound yet (bound at the first token request)');
  // The first token request binds the endpoint (whatever the server answers).
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await expect(admin.getByTestId('test-outcome')).toBeVisible();
  await admin.reload();
  await expect(admin.getByTestId('oauth-bound-origins')).toContainText(`token: ${tokenOrigin}`);
});

test('a new token URL on another host: the connector needs attention, says why, and Test connection sends nothing', async () => {
  await admin.getByRole('link', { name: 'Edit' }).click();
  await admin.getByLabel('Token URL').fill(`${otherOrigin}/token`);
  await admin.getByRole('button', { name: 'Save connector' }).click();
  const alert = admin.getByTestId('oauth-endpoint-origin');
  await expect(alert).toContainText(`Its OAuth token endpoint was at ${tokenOrigin} when they were entered; it is now at ${otherOrigin}.`);
  await expect(admin.getByText('needs attention', { exact: true })).toBeVisible();
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await expect(admin.getByTestId('test-outcome')).toContainText(`it is now at ${otherOrigin}`);
  await expect(admin.getByTestId('test-outcome')).not.toContainText(CLINIC_CLIENT.secret);
});

test('the builder confirms the new token endpoint: the alert goes and the binding moves', async () => {
  await admin.reload();
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin.getByRole('button', { name: `Use the stored credentials with ${otherOrigin}` }).click();
  await expect(admin.getByTestId('oauth-endpoint-origin')).toHaveCount(0);
  await expect(admin.getByTestId('oauth-bound-origins')).toContainText(`token: ${otherOrigin}`);
});
