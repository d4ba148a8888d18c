'use client';

// The console's frame: the sidebar beside the page from the md breakpoint up; below it, a menu
// button in the header opens the same sidebar as a drawer over the page.
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';

const SIDEBAR_ID = 'console-sidebar';

export function ConsoleFrame({ sidebar, header, children }: { sidebar: ReactNode; header: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Open for the page it was opened on: navigating anywhere closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>('a[href], button, select')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpenOn(null);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="flex min-h-screen">
      <aside
        id={SIDEBAR_ID}
        ref={drawer}
        aria-label="Sidebar"
        // A link to the page already shown changes no path: close on the click itself too.
        onClick={(event) => {
          if ((event.target as HTMLElement).closest('a')) setOpenOn(null);
        }}
        className={`${open ? 'fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] overflow-y-auto shadow-xl' : 'hidden'} shrink-0 flex-col bg-slate-900 px-3 py-4 md:static md:z-auto md:flex md:w-60 md:max-w-none md:shadow-none`}
      >
        {sidebar}
      </aside>
      {open ? <div className="fixed inset-0 z-30 bg-slate-900/50 md:hidden" aria-hidden onClick={() => setOpenOn(null)} data-testid="sidebar-backdrop" /> : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 md:px-6">
          <button
            ref={menuButton}
            type="button"
            className="-ml-1 rounded-md p-2 text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 md:hidden"
            aria-label="Menu"
            aria-expanded={open}
            aria-controls={SIDEBAR_ID}
            onClick={() => setOpenOn(open ? null : pathname)}
          >
            <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
              {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
            </svg>
          </button>
          <div className="flex min-w-0 flex-1 items-center justify-between gap-3">{header}</div>
        </header>
        <main className="min-w-0 flex-1 px-4 py-6 md:px-6">{children}</main>
      </div>
    </div>
  );
}
