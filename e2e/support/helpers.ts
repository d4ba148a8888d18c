import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';

export const password = 'a-long-test-password-1';

export async function signIn(page: Page, email: string, pass = password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(pass);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

export async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

/** Accepts an invite link in a fresh browser by creating the account it is for. */
export async function joinByInvite(browser: Browser, url: string, name: string) {
  const page = await newPage(browser);
  await page.goto(url);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  return page;
}

export async function invite(page: Page, workspace: string, email: string, role: 'admin' | 'builder' | 'member') {
  await page.goto(`/w/${workspace}/members`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = page.getByLabel('Invite link');
  await expect(link).toBeVisible();
  return link.inputValue();
}

export const firstAdmin = { email: 'ada@example.test', name: 'Ada Admin', workspace: 'acme-ops', workspaceName: 'Acme Ops' };

/** A page signed in as the first admin, running first-run setup when this spec runs alone. */
export async function adminPage(browser: Browser) {
  const page = await newPage(browser);
  await page.goto('/setup');
  if (page.url().endsWith('/setup')) {
    await page.getByLabel('Your name').fill(firstAdmin.name);
    await page.getByLabel('Email').fill(firstAdmin.email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Workspace name').fill(firstAdmin.workspaceName);
    await page.getByRole('button', { name: 'Create admin and workspace' }).click();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  } else {
    await signIn(page, firstAdmin.email);
  }
  return page;
}

/** Imports the Pet Clinic (OAuth) fixture into the first admin's workspace unless an earlier spec did. */
export async function ensurePetClinic(page: Page) {
  const existing = await page.goto(`/w/${firstAdmin.workspace}/providers/apis/pet-clinic/overview`);
  if (existing?.status() === 200) return;
  await page.goto(`/w/${firstAdmin.workspace}/providers/apis/import`);
  await page.locator('#import-file').setInputFiles(path.resolve('test/fixtures/pets-oauth.yaml'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
}
