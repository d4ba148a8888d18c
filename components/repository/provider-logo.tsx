'use client';

import { useEffect, useRef, useState } from 'react';
import { logoSrc } from '@/lib/catalog/logo-url';

/**
 * A catalogue provider's logo, served by this app, or its monogram when it has none, when the
 * catalogue names a third-party URL (never loaded), or when the image does not load.
 */
export function ProviderLogo({ name, logo, size = 'md' }: { name: string; logo?: string | null; size?: 'md' | 'lg' }) {
  const [failed, setFailed] = useState(false);
  const src = logoSrc(logo);
  const image = useRef<HTMLImageElement>(null);
  // An image that failed before hydration fired its error event before React listened for it.
  useEffect(() => {
    if (image.current?.complete && image.current.naturalWidth === 0) setFailed(true);
  }, []);
  const box = size === 'lg' ? 'h-12 w-12 text-lg' : 'h-9 w-9 text-sm';
  if (src && !failed) {
    // eslint-disable-next-line @next/next/no-img-element -- a small immutable file of this app's catalogue route
    return <img ref={image} src={src} alt="" className={`${box} shrink-0 rounded object-contain`} referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
  }
  const monogram = name
    .split(/[\s-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  return (
    <div aria-hidden className={`${box} flex shrink-0 items-center justify-center rounded bg-indigo-50 font-semibold text-indigo-700`} data-testid="logo-monogram">
      {monogram || '?'}
    </div>
  );
}
