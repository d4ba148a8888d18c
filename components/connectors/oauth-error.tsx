import { readOAuthError } from '@/lib/oauth/flash';

/** What went wrong in an OAuth round trip, when the URL carries an outcome this app signed. */
export function OAuthErrorBanner({ params }: { params: { oauth_error?: string; oauth_sig?: string } }) {
  const message = readOAuthError(params);
  if (!message) return null;
  return (
    <p role="status" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="oauth-error">
      The connection was not made: {message}
    </p>
  );
}
