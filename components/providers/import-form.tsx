'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormError, TextField } from '@/components/ui/field';
import type { Problem } from '@/lib/openapi';
import { countProblems } from '@/lib/openapi/count-problems';
import { plural } from '@/lib/plural';
import { ProblemReport } from './problem-report';

type Mode = 'upload' | 'paste' | 'url';
type JobView = {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: string | null;
  source: string;
  error: string | null;
  problems: Problem[];
  result: { providerSlug: string; versionNumber: number; created: 'provider' | 'version' | 'unchanged'; operations: number } | null;
};
type ApiError = { error: { message: string; issues?: { path: string; message: string }[] } };

const phases = ['downloading', 'reading', 'converting', 'resolving', 'validating', 'extracting', 'saving'] as const;
const phaseLabels: Record<string, string> = {
  downloading: 'Downloading',
  reading: 'Reading',
  converting: 'Converting Swagger 2.0',
  resolving: 'Resolving references',
  validating: 'Validating',
  extracting: 'Extracting operations and tools',
  saving: 'Saving',
};

export function ImportForm({ workspace, providerId, providerName }: { workspace: string; providerId?: string; providerName?: string }) {
  const [mode, setMode] = useState<Mode>('upload');
  const [jobId, setJobId] = useState<string | null>(null);
  const [missingFile, setMissingFile] = useState(false);
  const start = useMutation({
    mutationFn: async (body: FormData | Record<string, unknown>) => {
      const response = await fetch(
        `/api/w/${workspace}/imports`,
        body instanceof FormData ? { method: 'POST', body } : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      );
      const payload = await response.json();
      if (!response.ok)
        throw new Error((payload as ApiError).error?.issues?.map((i) => i.message).join(' ') || (payload as ApiError).error?.message || `The server answered ${response.status}.`);
      return payload as { jobId: string };
    },
    onSuccess: ({ jobId }) => setJobId(jobId),
  });
  const job = useQuery({
    queryKey: ['import-job', workspace, jobId],
    enabled: Boolean(jobId),
    queryFn: async () => {
      const response = await fetch(`/api/w/${workspace}/imports/${jobId}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return (await response.json()) as JobView;
    },
    refetchInterval: (query) => (query.state.data && ['succeeded', 'failed'].includes(query.state.data.status) ? false : 600),
  });

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const overrides: Record<string, string> = Object.fromEntries(['name', 'slug', 'description'].map((k) => [k, String(form.get(k) ?? '').trim()]).filter(([, v]) => v));
    setJobId(null);
    setMissingFile(false);
    if (mode === 'upload') {
      const file = form.get('file');
      if (!(file instanceof File) || file.size === 0) return setMissingFile(true);
      const body = new FormData();
      body.set('file', file);
      if (providerId) body.set('providerId', providerId);
      for (const [k, v] of Object.entries(overrides)) body.set(k, v);
      start.mutate(body);
    } else if (mode === 'paste') {
      start.mutate({ text: String(form.get('text') ?? ''), providerId, overrides: Object.keys(overrides).length ? overrides : undefined });
    } else {
      start.mutate({ url: String(form.get('url') ?? '').trim(), providerId, overrides: Object.keys(overrides).length ? overrides : undefined });
    }
  }

  // The provider's header and lists were rendered before this import; show the new version.
  const router = useRouter();
  const finished = job.data?.status === 'succeeded';
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  const running = start.isPending || (job.data ? !['succeeded', 'failed'].includes(job.data.status) : Boolean(jobId));
  const tab = (value: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === value}
      onClick={() => setMode(value)}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${mode === value ? 'bg-indigo-600 text-white' : 'text-slate-600 hover:bg-slate-100'}`}
    >
      {label}
    </button>
  );

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-5" aria-label="New import">
        <div role="tablist" aria-label="Source" className="flex gap-2">
          {tab('upload', 'Upload a file')}
          {tab('paste', 'Paste text')}
          {tab('url', 'From a URL')}
        </div>
        {mode === 'upload' ? (
          <div className="space-y-1">
            <label htmlFor="import-file" className="block text-sm font-medium text-slate-700">
              OpenAPI document
            </label>
            <input id="import-file" name="file" type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" className="block text-sm" />
            <p className="text-xs text-slate-500">Swagger 2.0, OpenAPI 3.0 or 3.1; JSON or YAML; up to 60 MB.</p>
          </div>
        ) : mode === 'paste' ? (
          <div className="space-y-1">
            <label htmlFor="import-text" className="block text-sm font-medium text-slate-700">
              OpenAPI document
            </label>
            <textarea
              id="import-text"
              name="text"
              rows={12}
              className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
              placeholder="openapi: 3.1.0&#10;info: …"
            />
          </div>
        ) : (
          <TextField
            label="Document URL"
            name="url"
            type="url"
            placeholder="https://api.example.com/openapi.json"
            hint="Fetched by the server: public http(s) addresses only. References to other files are never followed."
          />
        )}
        {providerId ? (
          <p className="text-sm text-slate-600">This becomes a new version of {providerName}, unless the content is identical to a version it already has.</p>
        ) : (
          <details className="rounded-md border border-slate-200 p-3">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">Name, slug and description (taken from the document unless you set them)</summary>
            <div className="mt-3 grid gap-3 sm:grid-cols-2">
              <TextField label="Name" name="name" />
              <TextField label="Slug" name="slug" placeholder="github" hint="Lower-case letters, digits and dashes." />
              <div className="sm:col-span-2">
                <TextField label="Description" name="description" />
              </div>
            </div>
          </details>
        )}
        <Button type="submit" disabled={running}>
          {running ? 'Importing…' : providerId ? 'Import new version' : 'Import'}
        </Button>
      </form>

      <FormError message={missingFile ? 'Choose an OpenAPI file to upload first (JSON or YAML).' : start.error?.message} />
      {jobId ? <JobProgress job={job.data} workspace={workspace} fromUrl={mode === 'url'} /> : null}
    </div>
  );
}

function JobProgress({ job, workspace, fromUrl }: { job: JobView | undefined; workspace: string; fromUrl: boolean }) {
  if (!job || job.status === 'queued' || job.status === 'running') {
    const current = job?.phase ?? 'reading';
    const shown: readonly string[] = fromUrl ? phases : phases.filter((p) => p !== 'downloading');
    const index = shown.indexOf(current);
    return (
      <div role="status" aria-live="polite" className="rounded-md border border-indigo-200 bg-indigo-50 p-4">
        <p className="text-sm font-medium text-indigo-900">Importing {job?.source ?? ''}…</p>
        <ol className="mt-3 flex flex-wrap gap-2 text-xs">
          {shown.map((phase, i) => (
            <li
              key={phase}
              className={`rounded-full px-2.5 py-1 ${i < index ? 'bg-indigo-200 text-indigo-900' : i === index ? 'bg-indigo-600 text-white' : 'bg-white text-slate-500'}`}
              aria-current={i === index ? 'step' : undefined}
            >
              {phaseLabels[phase]}
            </li>
          ))}
        </ol>
        <p className="mt-3 text-xs text-indigo-800">You can leave this page; the import goes on and the result stays under Recent imports.</p>
      </div>
    );
  }
  if (job.status === 'failed') {
    return (
      <div className="space-y-3" data-testid="import-failed">
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">The document was not imported. Nothing was stored.</p>
          <p className="mt-1">{job.error}</p>
        </div>
        <ProblemReport problems={job.problems} title={countProblems(job.problems)} />
      </div>
    );
  }
  const result = job.result!;
  const warnings = job.problems.filter((p) => p.severity === 'warning');
  return (
    <div className="space-y-3" data-testid="import-succeeded">
      <div role="status" className="rounded-md border border-green-200 bg-green-50 p-4 text-sm text-green-900">
        <p className="font-semibold">
          {result.created === 'unchanged'
            ? `Nothing changed: the content is identical to version ${result.versionNumber}.`
            : result.created === 'provider'
              ? `Imported with ${plural(result.operations, 'operation')}.`
              : `Version ${result.versionNumber} imported with ${plural(result.operations, 'operation')}.`}
        </p>
        <Link href={`/w/${workspace}/providers/apis/${result.providerSlug}${result.created === 'version' ? '/versions' : ''}`} className="mt-1 inline-block font-medium underline">
          {result.created === 'version' ? 'See what changed' : 'Open the provider'}
        </Link>
      </div>
      <ProblemReport problems={warnings} title={`${plural(warnings.length, 'warning')} (imported anyway)`} />
    </div>
  );
}
