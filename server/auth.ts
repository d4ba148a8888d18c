import 'server-only';
import { getServerSession, type NextAuthOptions, type User as AuthUser } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cache } from 'react';
import { z } from 'zod';
import { getDb } from '@/db';
import { memberships } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { safeReturnTo } from '@/lib/auth/return-to';
import { endAllSessions, isSessionCurrent } from '@/lib/auth/sessions';
import { signInWithPassword, type PasswordSignIn } from '@/lib/auth/throttle';
import { findUserById, recordSignIn, userForOidcIdentity } from '@/lib/auth/users';
import { env, oidcEnabled, secrets } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { eq } from 'drizzle-orm';

type SignedInUser = AuthUser & { localId?: string };
type SessionUser = { id?: string; sessionVersion?: number };

/** What the credentials check decided, for the route that answers (429 while throttled). */
export type CredentialsAttempt = { result?: PasswordSignIn };
type OidcClaims = { email?: string; email_verified?: boolean; name?: string };

async function oidcUserinfo(accessToken: string | undefined): Promise<OidcClaims | undefined> {
  if (!accessToken) return undefined;
  const issuer = env.OIDC_ISSUER!.replace(/\/$/, '');
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })).json()) as { userinfo_endpoint?: string };
  if (!discovery.userinfo_endpoint) return undefined;
  const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(5000) });
  return response.ok ? ((await response.json()) as OidcClaims) : undefined;
}

const credentialsSchema = z.object({ email: z.string().max(320), password: z.string().max(256) });

/**
 * next-auth's options. Built per request so that sign-in events and the throttle know the client's
 * address, and the route learns from `attempt` whether the password check was throttled.
 */
export function buildAuthOptions(ip: string | null = null, attempt: CredentialsAttempt = {}): NextAuthOptions {
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await signInWithPassword({ db: await getDb(), ...parsed.data, ip });
        attempt.result = result;
        return result.ok ? { id: result.user.id, email: result.user.email, name: result.user.name } : null;
      },
    }),
  ];
  if (oidcEnabled) {
    const issuer = env.OIDC_ISSUER!.replace(/\/$/, '');
    providers.push({
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    });
  }

  return {
    secret: secrets().sessionSecret,
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    providers,
    logger: {
      // The error itself, not its message: log.ts drops a failed query's parameters (an email, a password hash) from it.
      error: (code, metadata) => log.error(`next-auth: ${code}`, { error: metadata instanceof Error ? metadata : metadata?.error instanceof Error ? metadata.error : undefined }),
      warn: (code) => log.warn(`next-auth: ${code}`),
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== 'oidc') return true;
        try {
          // Many providers keep email out of the ID token; ask their userinfo endpoint then.
          const claims = (profile?.email ? profile : await oidcUserinfo(account.access_token)) as OidcClaims | undefined;
          const local = await userForOidcIdentity({
            db: await getDb(),
            issuer: env.OIDC_ISSUER!,
            subject: account.providerAccountId,
            email: claims?.email,
            emailVerified: claims?.email_verified === true,
            name: claims?.name ?? profile?.name,
          });
          (user as SignedInUser).localId = local.id;
          return true;
        } catch (error) {
          if (isAppError(error)) return `/login?error=${encodeURIComponent(error.message)}`;
          throw error;
        }
      },
      async jwt({ token, user }) {
        if (user) {
          token.sub = (user as SignedInUser).localId ?? user.id;
          // The session is valid while the user's session version stays the one it was issued with.
          const row = await findUserById({ db: await getDb(), id: token.sub });
          token.sv = row?.sessionVersion;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) Object.assign(session.user as SessionUser, { id: token.sub, sessionVersion: token.sv });
        return session;
      },
      // After sign-in only a page of this app, read as a browser reads it (lib/auth/return-to).
      redirect({ url, baseUrl }) {
        return new URL(safeReturnTo(url, baseUrl, '/'), baseUrl).href;
      },
    },
    events: {
      async signOut({ token }) {
        // Signing out ends every session of this person, unless this cookie was already out of date.
        if (token?.sub && typeof token.sv === 'number') await endAllSessions({ db: await getDb(), userId: token.sub, onlyFrom: token.sv });
      },
      async signIn({ user, account }) {
        const userId = (user as SignedInUser).localId ?? user.id;
        const db = await getDb();
        const signedIn = await findUserById({ db, id: userId });
        if (!signedIn) return;
        await recordSignIn({ db, userId });
        // Each workspace's admins see their members' sign-ins in that workspace's audit log.
        const workspaces = await db.select({ id: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, userId));
        for (const workspace of workspaces) {
          await recordAudit({
            db,
            workspaceId: workspace.id,
            actor: { id: userId, label: signedIn.email, ip },
            action: 'user.signed_in',
            target: { type: 'user', id: userId, label: signedIn.email },
            summary: { method: account?.provider === 'oidc' ? 'sso' : 'password' },
          });
        }
      },
    },
  };
}

/**
 * The signed-in user, loaded from the database, or null: a deleted user, or a session from before
 * the user's last sign-out, "sign out everywhere" or password change, is signed out.
 */
export const getCurrentUser = cache(async () => {
  const session = await getServerSession(buildAuthOptions());
  const claims = session?.user as SessionUser | undefined;
  if (!claims?.id) return null;
  const user = await findUserById({ db: await getDb(), id: claims.id });
  return user && isSessionCurrent(user, claims.sessionVersion) ? { id: user.id, email: user.email, name: user.name } : null;
});
