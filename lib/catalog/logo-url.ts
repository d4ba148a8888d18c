// Where the browser loads a catalogue logo from: only this app. Pure, for server and client code.

/** The file types a logo may have, by the extension it is stored under. */
export const logoContentTypes = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml' } as const;
export type LogoExtension = keyof typeof logoContentTypes;

/** `<sha256 of the bytes>.<ext>`: the name of a stored logo, in catalog/dist/logos/ and under /api/repository/logos/. */
export const logoFilePattern = /^([0-9a-f]{64})\.(png|jpg|gif|webp|svg)$/;

export const LOGO_ROUTE = '/api/repository/logos/';

/**
 * The address an <img> may use for a logo the catalogue index names: its bundled file
 * ("logos/<sha256>.<ext>") served by this app, or null (the monogram is shown). A third-party URL
 * (what older catalogues and documents' x-logo hold) is never loaded by the browser.
 */
export function logoSrc(logo: string | null | undefined): string | null {
  if (!logo) return null;
  const file = logo.startsWith('logos/') ? logo.slice('logos/'.length) : logo.startsWith(LOGO_ROUTE) ? logo.slice(LOGO_ROUTE.length) : null;
  if (file && logoFilePattern.test(file)) return `${LOGO_ROUTE}${file}`;
  return null;
}
