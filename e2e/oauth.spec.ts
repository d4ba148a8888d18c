import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clinicApiPort, e2eDataDir, oidcPort } from '../playwright.config';
import { CLINIC_CLIENT } from './support/clinic-api';
import { adminPage, ensurePetClinic, firstAdmin, invite, joinByInvite } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const base = `/w/${firstAdmin.workspace}/providers/connectors`;
let admin: Page;
let connectorUrl = '';

/** Signs in on the test authorization server's own login page and consents. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${oidcPort}/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('a builder creates a per-user User OAuth connector from the document, with the issuer for discovery', async ({ browser }) => {
  admin = await adminPage(browser);
  await ensurePetClinic(admin);
  await admin.goto(`${base}/new`);
  await admin.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Clinic' });
  await admin.getByRole('button', { name: 'Continue' }).click();
  await admin.getByLabel('Name', { exact: true }).fill('Clinic (per user)');
  await admin.getByLabel('Type', { exact: true }).selectOption({ label: 'User OAuth (clinicAuth)' });
  await admin.getByLabel('Credentials', { exact: true }).selectOption('per_user');
  // The document's URLs point at the real provider; the issuer's metadata replaces them.
  await expect(admin.getByLabel('Authorization URL')).toHaveValue('https://auth.petclinic.example.com/auth');
  await admin.getByLabel('Issuer (discovery)').fill('not a url');
  await admin.getByRole('button', { name: 'Fill URLs from issuer' }).click();
  await expect(admin.getByText('Enter the issuer as an http(s) URL.')).toBeVisible();
  await admin.getByLabel('Issuer (discovery)').fill(`http://127.0.0.1:${oidcPort}`);
  await admin.getByRole('button', { name: 'Fill URLs from issuer' }).click();
  await expect(admin.getByText("Filled from the issuer's metadata; it offers token revocation.")).toBeVisible();
  await expect(admin.getByLabel('Authorization URL')).toHaveValue(`http://127.0.0.1:${oidcPort}/auth`);
  await expect(admin.getByLabel('Token URL')).toHaveValue(`http://127.0.0.1:${oidcPort}/token`);
  // Default scopes come from the document's flow.
  for (const scope of ['pets:read', 'pets:write', 'pets:admin']) await expect(admin.getByLabel('Scopes')).toHaveValue(new RegExp(scope));
  await admin.getByLabel('Scopes').fill('pets:read offline_access');
  await admin.getByLabel('Client id').fill(CLINIC_CLIENT.id);
  await admin.getByLabel('Client secret').fill(CLINIC_CLIENT.secret);
  await admin.getByLabel('Base URL', { exact: true }).selectOption('__override');
  await admin.getByLabel('Base URL override').fill(`http://127.0.0.1:${clinicApiPort}`);
  await admin.getByRole('button', { name: 'Create connector' }).click();
  await expect(admin.getByRole('heading', { name: 'Clinic (per user)' })).toBeVisible();
  connectorUrl = new URL(admin.url()).pathname;
  await expect(admin.getByTestId('oauth-connection')).toContainText('You have not connected your account yet.');
  await expect(admin.getByTestId('secret-status')).toContainText('client_secret is set');
});

test('a member connects their own account through the provider login and sees the granted scopes; a replayed callback is refused', async ({ browser }) => {
  const link = await invite(admin, firstAdmin.workspace, `oauth-member-${Date.now()}@example.test`, 'member');
  const member = await joinByInvite(browser, link, 'Olly OAuth');
  await member.goto(connectorUrl);
  await expect(member.getByRole('heading', { name: 'Your connection' })).toBeVisible();
  const callback = member.waitForRequest((request) => request.url().includes('/api/oauth/callback'));
  await member.getByRole('link', { name: 'Connect my account' }).click();
  await signInAtProvider(member, 'olly');
  const callbackUrl = (await callback).url();
  await expect(member.getByText('Connected. The granted scopes are listed below.')).toBeVisible();
  await expect(member).toHaveURL(new RegExp(`${connectorUrl}\\?oauth=connected$`));
  await expect(member.getByTestId('oauth-connection')).toContainText('connected');
  await expect(member.getByTestId('granted-scopes')).toHaveText('pets:read offline_access');
  await member.goto(base);
  await expect(member.getByTestId('own-connection')).toHaveText('your account is connected');
  await member.goto(connectorUrl);
  await member.screenshot({ path: '.test-data/screens/oauth-member-connected.png', fullPage: true });

  // The same authorization response a second time: the state is spent.
  await member.goto(callbackUrl);
  await expect(member.getByTestId('oauth-error')).toContainText('not valid or was already used');

  // Disconnect: the tokens are gone (and revoked at the provider).
  await member.goto(connectorUrl);
  await member.getByRole('button', { name: 'Disconnect' }).click();
  await expect(member.getByTestId('oauth-connection')).toContainText('You have not connected your account yet.');
  await member.goto(base);
  await expect(member.getByTestId('own-connection')).toHaveText('Connect your account');
  await member.close();
});

test('a return URL outside this app is refused before anything is sent to the provider', async () => {
  await admin.goto(`${connectorUrl}/connect?returnTo=${encodeURIComponent('https://evil.example/steal')}`);
  await expect(admin.getByTestId('oauth-error')).toContainText('The return URL must be a page of this app');
  await expect(admin).toHaveURL(new RegExp(`^http://localhost:\\d+${connectorUrl}`));
  // A crafted link cannot put words of its own on the page: only outcomes this app signed are shown.
  await admin.goto(`${connectorUrl}?oauth_error=${encodeURIComponent('Your session expired: re-enter your password at evil.example')}`);
  await expect(admin.getByRole('heading', { name: 'Clinic (per user)' })).toBeVisible();
  await expect(admin.getByTestId('oauth-error')).toHaveCount(0);
});

test('the builder connects too, and Test connection calls the API with the fresh token', async () => {
  await admin.goto(connectorUrl);
  await admin.getByRole('link', { name: 'Connect my account' }).click();
  await signInAtProvider(admin, 'ada');
  await expect(admin.getByTestId('granted-scopes')).toHaveText('pets:read offline_access');
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await expect(admin.getByTestId('test-outcome')).toContainText('Connected: GET /pets answered 200.');
  await expect(admin.getByTestId('test-outcome')).toContainText('Rex');

  // Grow the scopes: the connection is asked to reconnect, naming what is missing.
  await admin.goto(`${connectorUrl}/edit`);
  await admin.getByLabel('Scopes').fill('pets:read pets:write offline_access');
  await admin.getByRole('button', { name: 'Save connector' }).click();
  await expect(admin.getByRole('heading', { name: 'Clinic (per user)' })).toBeVisible();
  await admin.goto(connectorUrl);
  await expect(admin.getByTestId('missing-scopes')).toContainText('pets:write');
  await expect(admin.getByRole('link', { name: 'Reconnect' })).toBeVisible();
  await admin.screenshot({ path: '.test-data/screens/oauth-reconnect.png', fullPage: true });
});

test('no client secret or token reached a page or the server log', async () => {
  const html = await admin.content();
  expect(html).not.toContain(CLINIC_CLIENT.secret);
  const log = fs.readFileSync(path.join(e2eDataDir, 'server.log'), 'utf8');
  expect(log).not.toContain(CLINIC_CLIENT.secret);
  expect(log).not.toMatch(/access_token|refresh_token"\s*:\s*"/);
});
