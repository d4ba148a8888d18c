import { expect, test, type Page, type Request } from '@playwright/test';
import { invite, joinByInvite, newPage, password, signIn } from './support/helpers';

test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@example.test', name: 'Ada Admin' };
const builderEmail = 'bob@example.test';
const memberEmail = 'mia@example.test';
let workspace = '';
let adminPage: Page;
let memberPage: Page;

test('health answers with the embedded database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
});

test('the first visit leads to setup, which creates the first admin and workspace and then closes', async ({ browser }) => {
  adminPage = await newPage(browser);
  await adminPage.goto('/');
  await expect(adminPage).toHaveURL(/\/setup$/);
  // Bad input is explained field by field.
  await adminPage.getByLabel('Your name').fill(admin.name);
  await adminPage.getByLabel('Email').fill('not-an-email');
  await adminPage.getByLabel('Password').fill('short');
  await adminPage.getByLabel('Workspace name').fill('Acme Ops');
  await adminPage.getByLabel('Email').evaluate((el: HTMLInputElement) => (el.type = 'text'));
  await adminPage.getByLabel('Password').evaluate((el: HTMLInputElement) => el.removeAttribute('minlength'));
  await adminPage.getByRole('button', { name: 'Create admin and workspace' }).click();
  await expect(adminPage.getByText('Enter a valid email address')).toBeVisible();
  await expect(adminPage.getByText('Use at least 10 characters.')).toBeVisible();

  await adminPage.getByLabel('Email').fill(admin.email);
  await adminPage.getByLabel('Password').fill(password);
  await adminPage.getByRole('button', { name: 'Create admin and workspace' }).click();
  // Setup continues to the catalogue, where the first providers can be picked (or skipped).
  await expect(adminPage).toHaveURL(/\/w\/acme-ops\/providers\/repository\/setup$/);
  await expect(adminPage.getByRole('link', { name: 'Skip for now' })).toBeVisible();
  workspace = 'acme-ops';

  const fresh = await newPage(browser);
  await fresh.goto('/setup');
  await expect(fresh).toHaveURL(/\/login/);
});

test('the console shows the sidebar, workspace switcher, bell and the six provider tabs in order', async () => {
  const page = adminPage;
  await page.goto(`/w/${workspace}/providers`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByLabel('Workspace')).toHaveValue(workspace);
  await expect(page.getByRole('link', { name: /Notifications, none unread/ })).toBeVisible();
  const tabs = page.getByRole('tablist', { name: 'Providers' }).getByRole('tab');
  await expect(tabs).toHaveText(['Your Connectors', 'Your API Providers', 'LLM Models', 'MCP Servers', 'Incoming Webhooks', 'Central Repository']);
  for (const [name, path, empty] of [
    ['Your API Providers', 'apis', 'No API providers yet'],
    ['LLM Models', 'models', 'No models configured'],
    ['MCP Servers', 'mcp', 'No MCP servers registered'],
    ['Incoming Webhooks', 'webhooks', 'No incoming webhooks'],
    ['Central Repository', 'repository', 'E2E Central Repository'],
    ['Your Connectors', 'connectors', 'No connectors yet'],
  ] as const) {
    await tabs.filter({ hasText: name }).click();
    await expect(page).toHaveURL(new RegExp(`/providers/${path}$`));
    await expect(tabs.filter({ hasText: name })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('heading', { name: empty })).toBeVisible();
  }
  await page.screenshot({ path: 'test-results/console-tabs.png', fullPage: true });
});

test('sign-in refuses a wrong password and accepts the right one', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('wrong-password-123');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveText('The email or password is not right.');
  await signIn(page, admin.email);
  await expect(page).toHaveURL(new RegExp(`/w/${workspace}/providers/connectors`));
});

test('an admin invites a builder and a member, who join by link with their roles', async ({ browser }) => {
  const builderLink = await invite(adminPage, workspace, builderEmail, 'builder');
  const memberLink = await invite(adminPage, workspace, memberEmail, 'member');
  const builderPage = await joinByInvite(browser, builderLink, 'Bob Builder');
  await expect(builderPage.getByTestId('current-role')).toHaveText('Builder');
  memberPage = await joinByInvite(browser, memberLink, 'Mia Member');
  await expect(memberPage.getByTestId('current-role')).toHaveText('Member');

  // The link was single use.
  const again = await newPage(browser);
  await again.goto(memberLink);
  await expect(again.getByRole('heading', { name: 'This invite link is not valid' })).toBeVisible();

  await adminPage.goto(`/w/${workspace}/members`);
  await expect(adminPage.getByTestId(`member-${builderEmail}`)).toContainText('Bob Builder');
  await expect(adminPage.getByTestId(`member-${memberEmail}`)).toContainText('Mia Member');
});

test('the last admin cannot be demoted; an admin changes a member role', async () => {
  await adminPage.goto(`/w/${workspace}/members`);
  await adminPage.getByLabel(`Role of ${admin.email}`).selectOption('member');
  await expect(adminPage.getByRole('alert').filter({ hasText: /./ })).toContainText('last admin');
  await expect(adminPage.getByLabel(`Role of ${admin.email}`)).toHaveValue('admin');

  // Each change is a server action (a POST to this page): wait for its answer before reloading.
  const saved = () => adminPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/members'));
  await Promise.all([saved(), adminPage.getByLabel(`Role of ${builderEmail}`).selectOption('member')]);
  await expect(adminPage.getByLabel(`Role of ${builderEmail}`)).toHaveValue('member');
  await adminPage.reload();
  await expect(adminPage.getByLabel(`Role of ${builderEmail}`)).toHaveValue('member');
  await Promise.all([saved(), adminPage.getByLabel(`Role of ${builderEmail}`).selectOption('builder')]);
  await adminPage.reload();
  await expect(adminPage.getByLabel(`Role of ${builderEmail}`)).toHaveValue('builder');
});

test('a member is refused admin actions on the server, not only by hidden buttons', async () => {
  // No admin controls are offered…
  await memberPage.goto(`/w/${workspace}/members`);
  await expect(memberPage.getByRole('button', { name: 'Create invite link' })).toHaveCount(0);
  await expect(memberPage.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  // …and direct requests are refused with 403.
  const auditPage = await memberPage.goto(`/w/${workspace}/audit`);
  expect(auditPage?.status()).toBe(403);
  const exportResponse = await memberPage.request.get(`/api/w/${workspace}/audit/export`);
  expect(exportResponse.status()).toBe(403);

  // Replay the admin's own "invite" server action request with the member's session.
  await adminPage.goto(`/w/${workspace}/members`);
  const captured = new Promise<Request>((resolve) => adminPage.on('request', (r) => r.headers()['next-action'] && resolve(r)));
  await adminPage.getByLabel('Email').fill('captured@example.test');
  await adminPage.getByRole('button', { name: 'Create invite link' }).click();
  const request = await captured;
  const body = request.postData()!.replace('captured@example.test', 'sneaky@example.test');
  const replay = await memberPage.request.post(request.url(), {
    headers: { 'next-action': request.headers()['next-action']!, 'content-type': request.headers()['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    data: body,
  });
  expect(replay.status()).toBe(403);
  await adminPage.reload();
  await expect(adminPage.getByText('sneaky@example.test')).toHaveCount(0);
  await expect(adminPage.getByText('captured@example.test')).toBeVisible();
});

test('a user of one workspace cannot read or change another workspace by address or id', async ({ browser }) => {
  // The member creates a workspace of their own (B).
  await memberPage.goto('/workspaces');
  await memberPage.getByLabel('Workspace name').fill('Mia Lab');
  await memberPage.getByRole('button', { name: 'Create' }).click();
  await expect(memberPage).toHaveURL(/\/w\/mia-lab\/providers\/connectors$/);
  await expect(memberPage.getByTestId('current-role')).toHaveText('Admin');

  // Ada (admin of A, not a member of B) gets 404s for B's pages and routes.
  for (const path of ['/w/mia-lab/members', '/w/mia-lab/audit', '/w/mia-lab/providers/connectors']) {
    const response = await adminPage.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  expect((await adminPage.request.get('/api/w/mia-lab/audit/export')).status()).toBe(404);
  expect((await adminPage.request.get('/api/w/mia-lab/notifications/unread')).status()).toBe(404);
  // Someone signed out gets nothing at all.
  const anonymous = await newPage(browser);
  expect((await anonymous.request.get(`/api/w/${workspace}/audit/export`)).status()).toBe(401);
  await anonymous.goto(`/w/${workspace}/members`);
  await expect(anonymous).toHaveURL(/\/login\?callbackUrl=/);
});

test('the audit log shows what happened, filters, and exports CSV', async () => {
  await adminPage.goto(`/w/${workspace}/audit`);
  const table = adminPage.getByTestId('audit-table');
  for (const action of ['workspace.created', 'user.signed_in', 'member.invited', 'member.joined', 'member.role_changed']) {
    await expect(table.getByText(action, { exact: true }).first()).toBeVisible();
  }
  await expect(table).not.toContainText(password);

  await adminPage.getByLabel('Action').selectOption('member.joined');
  await adminPage.getByRole('button', { name: 'Apply' }).click();
  await expect(adminPage).toHaveURL(/action=member.joined/);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText(memberEmail);
  await expect(table).not.toContainText('member.invited');

  const csv = await adminPage.request.get(`/api/w/${workspace}/audit/export?action=member.joined`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines[0]).toBe('time,actor,action,target_type,target_id,target,ip,summary');
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).every((line) => line.includes('member.joined'))).toBe(true);
  await adminPage.screenshot({ path: 'test-results/audit-log.png', fullPage: true });
});

test('SSO signs a person in through the OpenID Connect provider and links their account by verified email', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/login');
  await page.getByRole('button', { name: /Sign in with SSO/ }).click();
  // The authorization server's own login and consent pages.
  await page.locator('input[name="login"]').fill(memberEmail);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByText(memberEmail)).toBeVisible();

  await adminPage.goto(`/w/${workspace}/audit?action=user.signed_in&actor=${encodeURIComponent(memberEmail)}`);
  await expect(adminPage.getByTestId('audit-table')).toContainText('"method":"sso"');
});

test('a new SSO identity gets an account without any workspace until invited', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/login');
  await page.getByRole('button', { name: /Sign in with SSO/ }).click();
  await page.locator('input[name="login"]').fill('newcomer');
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByText('You are not a member of any workspace yet')).toBeVisible();
});

test('admins are notified when someone joins; the bell counts unread and clears when read', async () => {
  await adminPage.goto(`/w/${workspace}/providers/connectors`);
  await expect(adminPage.getByTestId('unread-count')).toHaveText('2');
  await adminPage.getByRole('link', { name: /Notifications, 2 unread/ }).click();
  await expect(adminPage.getByText(`${builderEmail} joined Acme Ops`)).toBeVisible();
  await expect(adminPage.getByText(`${memberEmail} joined Acme Ops`)).toBeVisible();
  await adminPage.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(adminPage.getByRole('link', { name: /Notifications, none unread/ })).toBeVisible();
  await expect(adminPage.getByTestId('unread-count')).toHaveCount(0);

  // Members are not notified of joins.
  await memberPage.goto(`/w/${workspace}/notifications`);
  await expect(memberPage.getByRole('heading', { name: 'You are all caught up' })).toBeVisible();
});
