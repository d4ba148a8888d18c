import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { adminPage, firstAdmin } from './support/helpers';

// The console on a phone-sized window (390 × 844): the sidebar is a drawer behind a menu button,
// and no tab makes the page wider than the screen. Runs after runtime.spec (providers, connectors,
// models and tokens exist) or alone, where it imports one document itself.
test.describe.configure({ mode: 'serial' });

const phone = { width: 390, height: 844 };
const workspace = `/w/${firstAdmin.workspace}`;
let page: Page;

const menuButton = () => page.getByRole('button', { name: 'Menu' });
const mainNavigation = () => page.getByRole('navigation', { name: 'Main' });

/** How far the page is wider than the window (0 when it fits). */
const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.beforeAll(async ({ browser }) => {
  page = await adminPage(browser);
  const providers = await page.request.get(`${workspace}/providers/apis`);
  if (!(await providers.text()).includes('pet-store')) {
    await page.goto(`${workspace}/providers/apis/import`);
    await page.locator('#import-file').setInputFiles(path.resolve('test/fixtures', 'petstore-v1.yaml'));
    await page.getByRole('button', { name: /^Import( new version)?$/ }).click();
    await expect(page.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
  }
  await page.setViewportSize(phone);
});

test('at 390 px the sidebar hides behind a menu button that opens it as a drawer, navigates and closes', async () => {
  await page.goto(`${workspace}/providers/connectors`);
  await expect(mainNavigation()).toBeHidden();
  await expect(menuButton()).toHaveAttribute('aria-expanded', 'false');
  await expect(menuButton()).toHaveAttribute('aria-controls', 'console-sidebar');
  // The content has the whole width: nothing sits beside it.
  expect(await page.locator('main').evaluate((main) => main.getBoundingClientRect().left)).toBe(0);

  await menuButton().click();
  await expect(menuButton()).toHaveAttribute('aria-expanded', 'true');
  await expect(mainNavigation()).toBeVisible();
  const drawer = await page.locator('#console-sidebar').boundingBox();
  expect(drawer!.width).toBeLessThan(phone.width);
  await mainNavigation().getByRole('link', { name: 'Members' }).click();
  await expect(page).toHaveURL(new RegExp(`${workspace}/members$`));
  await expect(mainNavigation()).toBeHidden();
  await expect(menuButton()).toHaveAttribute('aria-expanded', 'false');

  await menuButton().click();
  await expect(mainNavigation()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(mainNavigation()).toBeHidden();
  await expect(menuButton()).toBeFocused();

  await menuButton().click();
  await page.getByTestId('sidebar-backdrop').click({ position: { x: phone.width - 10, y: 400 } });
  await expect(mainNavigation()).toBeHidden();
});

test('from the md breakpoint up the full sidebar stays and there is no menu button', async () => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${workspace}/members`);
  await expect(mainNavigation()).toBeVisible();
  await expect(menuButton()).toBeHidden();
  await page.setViewportSize(phone);
});

test('no console tab is wider than 390 px', async ({}, testInfo) => {
  await page.goto(`${workspace}/providers/connectors`);
  await menuButton().click();
  const sidebarLinks = await mainNavigation()
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
  await page.keyboard.press('Escape');
  const tabsOf = async (url: string) => {
    await page.goto(url);
    return page.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLAnchorElement).pathname));
  };
  const providerTabs = await tabsOf(`${workspace}/providers/connectors`);
  const apiTabs = await tabsOf(`${workspace}/providers/apis/pet-store/overview`);
  await page.goto(`${workspace}/providers/apis/pet-store/endpoints`);
  const operation = await page
    .getByRole('link', { name: '/pets/{petId}' })
    .first()
    .evaluate((link) => (link as HTMLAnchorElement).pathname);
  const urls = [...new Set([...sidebarLinks, ...providerTabs, ...apiTabs, operation, `${workspace}/providers/apis/import`, `${workspace}/account`, '/workspaces'])];
  expect(urls.length).toBeGreaterThan(15);

  const tooWide: string[] = [];
  for (const url of urls) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBeLessThan(500);
    await page.waitForLoadState('networkidle');
    const overflow = await pageOverflow();
    if (overflow > 0) tooWide.push(`${url}: ${overflow}px wider than the window`);
    await page.screenshot({ path: testInfo.outputPath(`390${url.replace(/\//g, '_')}.png`), fullPage: true });
  }
  expect(tooWide).toEqual([]);
});

test('a wide table scrolls inside its own box, not the page', async () => {
  await page.goto(`${workspace}/audit`);
  const region = page.getByRole('region', { name: 'Audit entries' });
  await expect(region).toBeVisible();
  const box = await region.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
  expect(box.scroll).toBeGreaterThan(box.client);
  expect(await pageOverflow()).toBe(0);
  await region.evaluate((element) => element.scrollBy({ left: 200 }));
  expect(await region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
  expect(await pageOverflow()).toBe(0);
});

test('prices read as money and the price history marks the prices in effect', async () => {
  await page.goto(`${workspace}/providers/models/new`);
  await page.getByLabel('Provider', { exact: true }).fill('narrow');
  await page.getByLabel('Identifier', { exact: true }).fill(`narrow-${Date.now()}`);
  await page.getByLabel('Display name', { exact: true }).fill('Narrow Model');
  await page.getByLabel('Input', { exact: true }).fill('2.5');
  await page.getByLabel('Output', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Add model' }).click();
  await expect(page.getByRole('heading', { name: 'Narrow Model' })).toBeVisible();
  const current = page.getByTestId('price-history').locator('tbody tr[aria-current="true"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('current');
  await expect(current).toContainText('$2.50');
  await expect(current).toContainText('$10.00');
  expect(await pageOverflow()).toBe(0);
});

test('the console has a favicon', async () => {
  await page.goto(`${workspace}/members`);
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});
