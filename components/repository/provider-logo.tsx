'use client';

import { useEffect, useRef, useState } from 'react';

/** A catalogue provider's logo, or its monogram when it has none or the image does not load. */
export function ProviderLogo({ name, logo, size = 'md' }: { name: string; logo?: string | null; size?: 'md' | 'lg' }) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  // An image that failed before hydration fired its error event before React listened for it.
  useEffect(() => {
    if (image.current?.complete && image.current.naturalWidth === 0) setFailed(true);
  }, []);
  const box = size === 'lg' ? 'h-12 w-12 text-lg' : 'h-9 w-9 text-sm';
  if (logo && !failed) {
    // eslint-disable-next-line @next/next/no-img-element -- logos are data: URIs or images on the catalogue's hosts
    return <img ref={image} src={logo} alt="" className={`${box} shrink-0 rounded object-contain`} referrerPolicy="no-referrer" onError={() => setFailed(true)} />;
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
