'use client';

import { useEffect, useState } from 'react';
import { Button, type ButtonProps } from './button';

type CopyButtonProps = Omit<ButtonProps, 'onClick' | 'children'> & {
  /** What goes to the clipboard. */
  text: string;
  /** The button's words (default "Copy"); name what is copied in `aria-label` when several sit together. */
  children?: string;
};

/** Copies `text` with the Clipboard API and says "Copied" for a moment (or why it could not). */
export function CopyButton({ text, children = 'Copy', variant = 'secondary', size = 'sm', ...props }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, a denied permission): the text stays selectable on the page.
      setState('failed');
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant={variant} size={size} onClick={copy} {...props}>
        {state === 'copied' ? 'Copied' : children}
      </Button>
      <span role="status" className="text-xs text-slate-600">
        {state === 'failed' ? 'Could not copy: select the text and copy it by hand.' : state === 'copied' ? <span className="sr-only">Copied to the clipboard</span> : null}
      </span>
    </span>
  );
}
