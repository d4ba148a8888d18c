'use client';

import { useRouter } from 'next/navigation';

export function WorkspaceSwitcher({ current, workspaces }: { current: string; workspaces: { slug: string; name: string; role: string }[] }) {
  const router = useRouter();
  return (
    <div>
      <label htmlFor="workspace-switcher" className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-400">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        value={current}
        onChange={(event) => {
          const value = event.target.value;
          router.push(value === '__manage' ? '/workspaces' : `/w/${value}/providers/connectors`);
        }}
        className="w-full rounded-md border border-slate-700 bg-slate-800 px-2 py-1.5 text-sm text-white focus:outline-none focus:ring-1 focus:ring-indigo-400"
      >
        {workspaces.map((w) => (
          <option key={w.slug} value={w.slug}>
            {w.name} ({w.role})
          </option>
        ))}
        <option value="__manage">All workspaces…</option>
      </select>
    </div>
  );
}
