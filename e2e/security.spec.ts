import { expect, test, type Browser, type Page } from '@playwright/test';
import { baseURL } from '../playwright.config';
import { adminPage, firstAdmin, invite, joinByInvite, newPage, password, signIn } from './support/helpers';

// Sign-in and session hardening, as a person and an attacker see it: open redirects after sign-in
// and after OAuth, the password-guessing throttle, request size at the sign-in route, and sign-out
// ending sessions. Runs after 'foundation' or alone (it creates its own builder and member).
test.describe.configure({ mode: 'serial' });

const workspace = firstAdmin.workspace;
const builder = { email: 'sec-builder@example.test', name: 'Sec Builder' };
const member = { email: 'sec-member@example.test', name: 'Sec Member' };
const app = new URL(baseURL);

/** Forms a browser reads as another host, or as script, if echoed as they are. */
const hostileReturns = [
  '//evil.test/steal',
  '/\\evil.test/steal',
  '\\\\evil.test/steal',
  '/\t/evil.test/steal',
  '/.//evil.test/steal',
  '/a/..//evil.test/steal',
  '/%2F%2Fevil.test/steal',
  'https://evil.test/steal',
  `http://${app.host}@evil.test/steal`,
  'javascript:alert(document.domain)',
];

let admin: Page;

async function freshSignIn(browser: Browser, email: string, pass = password) {
  const page = await newPage(browser);
  await signIn(page, email, pass);
  return page;
}

async function signInForm(page: Page, email: string, pass: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(pass);
  const answer = page.waitForResponse((r) => r.url().includes('/api/auth/callback/credentials') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return answer;
}

/** Navigates, tolerating a navigation the browser could not finish (an unknown host), and says where it ended. */
async function landing(page: Page, url: string): Promise<URL> {
  await page.goto(url).catch(() => undefined);
  await page.waitForLoadState();
  return new URL(page.url());
}

test('an admin invites a builder and a member for these checks', async ({ browser }) => {
  admin = await adminPage(browser);
  for (const [person, role] of [
    [builder, 'builder'],
    [member, 'member'],
  ] as const) {
    const joined = await joinByInvite(browser, await invite(admin, workspace, person.email, role), person.name);
    await joined.context().close();
  }
});

test('after sign-in, a callbackUrl outside the app lands on a page of this app, for every role', async ({ browser }) => {
  const roles = [
    { email: firstAdmin.email, form: '/\\evil.test/steal' },
    { email: builder.email, form: '/a/..//evil.test/steal' },
    { email: member.email, form: '/\t/evil.test/steal' },
  ];
  for (const { email, form } of roles) {
    const page = await newPage(browser);
    await page.goto(`/login?callbackUrl=${encodeURIComponent(form)}`);
    await signInForm(page, email, password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState();
    expect(new URL(page.url()).host, `${email} with ${JSON.stringify(form)}`).toBe(app.host);

    // Signed in, the sign-in page sends them on at once: every hostile form stays on this app.
    for (const hostile of hostileReturns) {
      const ended = await landing(page, `/login?callbackUrl=${encodeURIComponent(hostile)}`);
      expect(ended.host, `${email} with ${JSON.stringify(hostile)}`).toBe(app.host);
    }
    // A page of this app is still where they go.
    expect((await landing(page, `/login?callbackUrl=${encodeURIComponent(`/w/${workspace}/members?x=1`)}`)).pathname).toBe(`/w/${workspace}/members`);
    await page.context().close();
  }
});

test('the OAuth connect link refuses a returnTo outside the app before going anywhere', async ({ browser }) => {
  const page = await freshSignIn(browser, member.email);
  // No connector needs to exist: returnTo is judged first, and a refusal goes back to the connector page.
  const connectorPage = `/w/${workspace}/providers/connectors/00000000-0000-4000-8000-000000000000`;
  for (const hostile of hostileReturns) {
    const response = await page.request.get(`${connectorPage}/connect?returnTo=${encodeURIComponent(hostile)}`, { maxRedirects: 0 });
    const location = response.headers()['location'] ?? '';
    const target = new URL(location, baseURL);
    if (response.status() === 404) {
      // Read as a path of this app (e.g. /a/..//evil.test → /evil.test): accepted, and the unknown connector is a 404.
      continue;
    }
    expect(response.status(), JSON.stringify(hostile)).toBe(303);
    expect(target.host, JSON.stringify(hostile)).toBe(app.host);
    expect(target.pathname).toBe(connectorPage);
    expect(target.searchParams.get('oauth_error')).toContain('The return URL must be a page of this app');
  }
  await page.context().close();
});

test('the sign-in route reads at most 64 KB of a body, before anyone is known', async ({ request }) => {
  const response = await request.post('/api/auth/callback/credentials', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: `email=x%40example.test&password=${'x'.repeat(1024 * 1024)}`,
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error).toContain('larger than 64 KB');
});

test('guessing a password is throttled: 429 with Retry-After and a message, even for the right password; others are unaffected', async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto('/login');
  for (let i = 1; i <= 4; i++) {
    const answer = await signInForm(page, builder.email, `wrong-guess-${i}`);
    expect(answer.status()).toBe(401);
    await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveText('The email or password is not right.');
  }
  const fifth = await signInForm(page, builder.email, 'wrong-guess-5');
  expect(fifth.status()).toBe(429);
  expect(Number(fifth.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.getByText(/Too many attempts\. Try again in \d+ (seconds?|minutes?)\./)).toBeVisible();

  // While blocked the right password is refused too, without being checked.
  const blocked = await signInForm(page, builder.email, password);
  expect(blocked.status()).toBe(429);
  await expect(page).toHaveURL(/\/login/);

  // Another account from the same browser and address signs in as usual.
  const other = await freshSignIn(browser, member.email);
  await other.context().close();

  // Never a lock-out: once the delay has passed, the right password works.
  await expect(async () => {
    const answer = await signInForm(page, builder.email, password);
    expect(answer.status()).toBe(200);
  }).toPass({ timeout: 40_000, intervals: [3_000] });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  // The builder is told, and the admin sees it in the audit log.
  await page.goto(`/w/${workspace}/notifications`);
  await expect(page.getByText('Several wrong passwords were entered for your account')).toBeVisible();
  await page.context().close();
  await admin.goto(`/w/${workspace}/audit`);
  await expect(admin.getByTestId('audit-table').getByText('user.sign_in_throttled', { exact: true }).first()).toBeVisible();
});

async function cookiesOf(page: Page) {
  return page.context().cookies();
}

async function withCookies(browser: Browser, cookies: Awaited<ReturnType<typeof cookiesOf>>) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  return context.newPage();
}

test('sign-out ends the session: a copied session cookie no longer opens the console', async ({ browser }) => {
  const page = await freshSignIn(browser, member.email);
  const stolen = await cookiesOf(page);
  const replay = await withCookies(browser, stolen);
  await replay.goto(`/w/${workspace}/providers`);
  await expect(replay.getByRole('navigation', { name: 'Main' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  await replay.goto(`/w/${workspace}/providers`);
  await expect(replay).toHaveURL(/\/login/);
  await expect(replay.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await replay.context().close();
  await page.context().close();
});

test('"Sign out everywhere" on the account page ends the sessions in other browsers', async ({ browser }) => {
  const here = await freshSignIn(browser, builder.email);
  const elsewhere = await freshSignIn(browser, builder.email);
  await here.getByRole('link', { name: 'Your account' }).click();
  await expect(here.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await here.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here).toHaveURL(/\/login/);
  await elsewhere.goto(`/w/${workspace}/providers`);
  await expect(elsewhere).toHaveURL(/\/login/);
  await here.context().close();
  await elsewhere.context().close();
});

test('a password change ends every session, this one included, and the new password signs in', async ({ browser }) => {
  const here = await freshSignIn(browser, member.email);
  const elsewhere = await freshSignIn(browser, member.email);
  await here.goto(`/w/${workspace}/account`);
  await expect(here.getByText('you are signed out everywhere, this browser included')).toBeVisible();
  await here.getByLabel('Current password').fill('not-my-password');
  await here.getByLabel('New password').fill('a-brand-new-password-2');
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here.getByText('The current password is not right.').first()).toBeVisible();

  await here.getByLabel('Current password').fill(password);
  await here.getByRole('button', { name: 'Change password' }).click();
  await expect(here).toHaveURL(/\/login/);
  await elsewhere.goto(`/w/${workspace}/providers`);
  await expect(elsewhere).toHaveURL(/\/login/);
  await signIn(here, member.email, 'a-brand-new-password-2');
  await here.context().close();
  await elsewhere.context().close();
});
