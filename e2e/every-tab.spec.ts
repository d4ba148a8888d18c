import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { baseURL, petApiPort } from '../playwright.config';
import { adminPage, firstAdmin, invite, joinByInvite, newPage, signIn } from './support/helpers';
import { PET_API_KEY } from './support/pet-api';

// Every console page, as an admin, a builder and a member, at 1440 and 390 px wide: a full-page
// screenshot of each in test-results/every-tab/, and no console error, page error, request to
// another host, server error or (at 390 px) page wider than the window. Runs last so the pages have
// content, or alone, where it creates what it needs (idempotently: a failed test restarts the worker
// and beforeAll runs again, so each role and width reports its own problems).

type Role = 'admin' | 'builder' | 'member';
const roles: Role[] = ['admin', 'builder', 'member'];
const widths = [
  { name: '1440', size: { width: 1440, height: 900 } },
  { name: '390', size: { width: 390, height: 844 } },
];
const people = {
  builder: { email: 'tab.builder@example.test', name: 'Tabitha Builder' },
  member: { email: 'tab.member@example.test', name: 'Tomas Member' },
};
const ws = `/w/${firstAdmin.workspace}`;
const appOrigin = new URL(baseURL).origin;
const rank: Record<Role, number> = { member: 0, builder: 1, admin: 2 };

/** A page and the least role that may open it; others get the 403 page. */
type Visit = { name: string; url: string; needs: Role };
let visits: Visit[] = [];
const pages: Partial<Record<Role, Page>> = {};

const idsIn = async (page: Page, url: string, pattern: RegExp) => {
  await page.goto(url);
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname));
  return hrefs.filter((href) => pattern.test(href));
};
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function ensureSetUp(admin: Page, browser: Browser) {
  const petStore = await admin.goto(`${ws}/providers/apis/pet-store/overview`);
  if (petStore?.status() !== 200) {
    await admin.goto(`${ws}/providers/apis/import`);
    await admin.locator('#import-file').setInputFiles(path.resolve('test/fixtures/petstore-v1.yaml'));
    await admin.getByRole('button', { name: /^Import( new version)?$/ }).click();
    await expect(admin.getByTestId('import-succeeded')).toBeVisible({ timeout: 60_000 });
  }
  if ((await idsIn(admin, `${ws}/providers/connectors`, new RegExp(`/providers/connectors/${uuid}$`))).length === 0) {
    await admin.goto(`${ws}/providers/connectors/new`);
    await admin.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'Pet Store' });
    await admin.getByRole('button', { name: 'Continue' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('Pets (tabs)');
    await admin.getByLabel('API key', { exact: true }).fill(PET_API_KEY);
    await admin.getByLabel('Base URL', { exact: true }).selectOption('__override');
    await admin.getByLabel('Base URL override').fill(`http://127.0.0.1:${petApiPort}`);
    await admin.getByRole('button', { name: 'Create connector' }).click();
    await expect(admin.getByRole('heading', { name: 'Pets (tabs)' })).toBeVisible();
  }
  for (const kind of ['worker', 'workflow'] as const) {
    if ((await idsIn(admin, `${ws}/providers/connectors/${kind}s`, new RegExp(`/${kind}s/${uuid}$`))).length > 0) continue;
    await admin.getByLabel(kind === 'worker' ? 'Worker name' : 'Workflow name').fill(`Tab ${kind}`);
    await admin.getByLabel(kind === 'worker' ? 'Skills (comma-separated)' : 'Nodes (comma-separated)').fill('triage, reply');
    await admin.getByRole('button', { name: 'Register' }).click();
    await expect(admin.getByTestId(`${kind}s`)).toContainText(`Tab ${kind}`);
  }
  if ((await idsIn(admin, `${ws}/providers/models`, new RegExp(`/providers/models/${uuid}$`))).length === 0) {
    await admin.goto(`${ws}/providers/models/new`);
    await admin.getByLabel('Provider', { exact: true }).fill('tabs');
    await admin.getByLabel('Identifier', { exact: true }).fill('tab-model');
    await admin.getByLabel('Display name', { exact: true }).fill('Tab Model');
    await admin.getByLabel('Input', { exact: true }).fill('2.5');
    await admin.getByLabel('Output', { exact: true }).fill('10');
    await admin.getByRole('button', { name: 'Add model' }).click();
    await expect(admin.getByRole('heading', { name: 'Tab Model' })).toBeVisible();
  }
  await admin.goto(`${ws}/members`);
  const members = (await admin.locator('main').textContent()) ?? '';
  for (const role of ['builder', 'member'] as const) {
    const person = people[role];
    if (members.includes(person.email)) {
      const page = await newPage(browser);
      await signIn(page, person.email);
      pages[role] = page;
    } else {
      pages[role] = await joinByInvite(browser, await invite(admin, firstAdmin.workspace, person.email, role), person.name);
    }
  }
}

async function listVisits(admin: Page): Promise<Visit[]> {
  const one = async (url: string, pattern: RegExp) => {
    const [first] = await idsIn(admin, url, pattern);
    expect(first, `a link on ${url}`).toBeTruthy();
    return first!;
  };
  const connector = await one(`${ws}/providers/connectors`, new RegExp(`/providers/connectors/${uuid}$`));
  const worker = await one(`${ws}/providers/connectors/workers`, new RegExp(`/workers/${uuid}$`));
  const workflow = await one(`${ws}/providers/connectors/workflows`, new RegExp(`/workflows/${uuid}$`));
  const model = await one(`${ws}/providers/models`, new RegExp(`/providers/models/${uuid}$`));
  const operation = await one(`${ws}/providers/apis/pet-store/endpoints`, /\/providers\/apis\/pet-store\/operations\/[^/]+$/);

  // What the sidebar and the Providers tabs offer an admin (who sees them all) must be covered below.
  await admin.goto(`${ws}/providers/connectors`);
  const offered = [
    ...(await admin
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).pathname))),
    ...(await admin.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLAnchorElement).pathname))),
  ];

  const p = `${ws}/providers`;
  const list: Visit[] = [
    { name: 'providers', url: p, needs: 'member' },
    { name: 'connectors', url: `${p}/connectors`, needs: 'member' },
    { name: 'connector', url: connector, needs: 'member' },
    { name: 'connector-edit', url: `${connector}/edit`, needs: 'builder' },
    { name: 'connector-new', url: `${p}/connectors/new`, needs: 'builder' },
    { name: 'workers', url: `${p}/connectors/workers`, needs: 'member' },
    { name: 'worker', url: worker, needs: 'member' },
    { name: 'workflows', url: `${p}/connectors/workflows`, needs: 'member' },
    { name: 'workflow', url: workflow, needs: 'member' },
    { name: 'apis', url: `${p}/apis`, needs: 'member' },
    { name: 'apis-import', url: `${p}/apis/import`, needs: 'builder' },
    { name: 'api-overview', url: `${p}/apis/pet-store/overview`, needs: 'member' },
    { name: 'api-endpoints', url: `${p}/apis/pet-store/endpoints`, needs: 'member' },
    { name: 'api-operation', url: operation, needs: 'member' },
    { name: 'api-tools', url: `${p}/apis/pet-store/tools`, needs: 'member' },
    { name: 'api-versions', url: `${p}/apis/pet-store/versions`, needs: 'member' },
    { name: 'api-settings', url: `${p}/apis/pet-store/settings`, needs: 'builder' },
    { name: 'api-import-version', url: `${p}/apis/pet-store/import`, needs: 'builder' },
    { name: 'models', url: `${p}/models`, needs: 'member' },
    { name: 'model', url: model, needs: 'member' },
    { name: 'model-edit', url: `${model}/edit`, needs: 'admin' },
    { name: 'models-new', url: `${p}/models/new`, needs: 'admin' },
    { name: 'models-import', url: `${p}/models/import`, needs: 'admin' },
    { name: 'mcp', url: `${p}/mcp`, needs: 'member' },
    { name: 'webhooks', url: `${p}/webhooks`, needs: 'member' },
    { name: 'repository', url: `${p}/repository`, needs: 'member' },
    { name: 'repository-provider', url: `${p}/repository/petstore`, needs: 'member' },
    { name: 'repository-history', url: `${p}/repository/history`, needs: 'member' },
    { name: 'repository-setup', url: `${p}/repository/setup`, needs: 'builder' },
    { name: 'members', url: `${ws}/members`, needs: 'member' },
    { name: 'audit', url: `${ws}/audit`, needs: 'admin' },
    { name: 'notifications', url: `${ws}/notifications`, needs: 'member' },
    { name: 'api-tokens', url: `${ws}/settings/api-tokens`, needs: 'admin' },
    { name: 'account', url: `${ws}/account`, needs: 'member' },
    { name: 'workspaces', url: '/workspaces', needs: 'member' },
  ];
  const covered = new Set(list.map((visit) => visit.url));
  expect(
    offered.filter((url) => !covered.has(url)),
    'sidebar links and tabs with no visit',
  ).toEqual([]);
  return list;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await adminPage(browser);
  pages.admin = admin;
  await ensureSetUp(admin, browser);
  visits = await listVisits(admin);
});

test.afterAll(async () => {
  for (const page of Object.values(pages)) await page.context().close();
});

for (const role of roles) {
  for (const width of widths) {
    test(`as ${role} at ${width.name} px every page renders cleanly`, async () => {
      test.setTimeout(600_000);
      const page = pages[role]!;
      await page.setViewportSize(width.size);
      let current = '';
      const problems: string[] = [];
      const onConsole = (message: import('@playwright/test').ConsoleMessage) => {
        if (message.type() !== 'error') return;
        // Chromium reports the document's own expected 403 as a failed load.
        if (/status of 403/.test(message.text()) && message.location().url === new URL(current, baseURL).href) return;
        problems.push(`${current}: console error: ${message.text()}`);
      };
      const onPageError = (error: Error) => problems.push(`${current}: page error: ${error.message}`);
      const onRequest = (request: import('@playwright/test').Request) => {
        const url = request.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== appOrigin) problems.push(`${current}: request to another host: ${url}`);
      };
      const onResponse = (response: import('@playwright/test').Response) => {
        if (response.status() >= 500) problems.push(`${current}: ${response.status()} from ${response.url()}`);
      };
      page.on('console', onConsole);
      page.on('pageerror', onPageError);
      page.on('request', onRequest);
      page.on('response', onResponse);
      try {
        for (const visit of visits) {
          current = visit.url;
          const response = await page.goto(visit.url);
          await page.waitForLoadState('networkidle');
          const allowed = rank[role] >= rank[visit.needs];
          if (allowed) {
            if (response?.status() !== 200) problems.push(`${visit.url}: status ${response?.status()} for ${role}`);
            if ((await page.getByRole('heading', { name: 'Your role does not allow this' }).count()) > 0) problems.push(`${visit.url}: forbidden page for ${role}`);
          } else {
            if (response?.status() !== 403) problems.push(`${visit.url}: status ${response?.status()} for ${role}, expected 403`);
            if ((await page.getByRole('heading', { name: 'Your role does not allow this' }).count()) === 0) problems.push(`${visit.url}: no forbidden page for ${role}`);
          }
          if (width.name === '390') {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 1) problems.push(`${visit.url}: ${overflow}px wider than the 390 px window`);
          }
          await page.screenshot({ path: path.join('test-results', 'every-tab', `${role}-${width.name}-${visit.name}.png`), fullPage: true });
        }
      } finally {
        page.off('console', onConsole);
        page.off('pageerror', onPageError);
        page.off('request', onRequest);
        page.off('response', onResponse);
      }
      expect(problems).toEqual([]);
    });
  }
}
