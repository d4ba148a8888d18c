import Link from 'next/link';
import type { ButtonHTMLAttributes, ComponentProps } from 'react';

const variants = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300',
  secondary: 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100',
} as const;

type Look = { variant?: keyof typeof variants; size?: 'sm' | 'md' };
export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & Look;

/** The button look for a plain `<a>` (a download, a route that redirects elsewhere), where `ButtonLink` would try a client-side navigation. */
export const buttonClass = ({ variant = 'primary', size = 'md' }: Look) =>
  `inline-flex items-center justify-center gap-1.5 rounded-md font-medium shadow-sm transition focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:cursor-not-allowed ${size === 'sm' ? 'px-2.5 py-1 text-xs' : 'px-3.5 py-2 text-sm'} ${variants[variant]}`;

export function Button({ variant, size, className = '', type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={`${buttonClass({ variant, size })} ${className}`} {...props} />;
}

/** A link that looks like a button: for navigation ("Add model", "Sync history"), never for an action. */
export function ButtonLink({ variant, size, className = '', ...props }: ComponentProps<typeof Link> & Look) {
  return <Link className={`${buttonClass({ variant, size })} ${className}`} {...props} />;
}
