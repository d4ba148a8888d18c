import { Badge, Card } from '@/components/ui/card';
import { ProblemReport } from '@/components/providers/problem-report';
import { loadProvider, type ProviderPageParams } from '../load';

export default async function ProviderOverview({ params }: ProviderPageParams) {
  const { workspace, provider } = await params;
  const { provider: p, version } = await loadProvider(workspace, provider);
  if (!version) return <p className="text-sm text-slate-600">This provider has no current version.</p>;
  const { info } = version;
  const links = [
    info.externalDocs ? { label: info.externalDocs.description ?? 'Documentation', url: info.externalDocs.url } : null,
    info.contact?.url ? { label: `Contact${info.contact.name ? `: ${info.contact.name}` : ''}`, url: info.contact.url } : null,
    info.termsOfService ? { label: 'Terms of service', url: info.termsOfService } : null,
    info.license?.url ? { label: `License: ${info.license.name ?? ''}`, url: info.license.url } : null,
  ].filter((l): l is { label: string; url: string } => Boolean(l && /^https?:\/\//.test(l.url)));
  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Card title="About">
        <p className="whitespace-pre-line text-sm text-slate-700">{p.description ?? info.description ?? 'No description.'}</p>
        {info.contact?.email ? <p className="mt-2 text-sm text-slate-600">Contact: {info.contact.email}</p> : null}
        {links.length ? (
          <ul className="mt-3 space-y-1 text-sm">
            {links.map((l) => (
              <li key={l.url}>
                <a href={l.url} target="_blank" rel="noreferrer noopener" className="text-indigo-700 hover:underline">
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title="Servers">
        {version.servers.length === 0 ? (
          <p className="text-sm text-slate-600">The document names no server; a connector will need a base URL.</p>
        ) : (
          <ul className="space-y-3 text-sm" data-testid="servers">
            {version.servers.map((s) => (
              <li key={s.url}>
                <p className="font-mono text-xs text-slate-900">{s.url}</p>
                {s.description ? <p className="text-slate-600">{s.description}</p> : null}
                {s.variables ? (
                  <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
                    {Object.entries(s.variables).map(([name, v]) => (
                      <li key={name}>
                        <span className="font-mono">{`{${name}}`}</span> default <span className="font-mono">{v.default}</span>
                        {v.enum ? ` · one of ${v.enum.join(', ')}` : ''}
                        {v.description ? ` · ${v.description}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Security schemes">
        {Object.keys(version.securitySchemes).length === 0 ? (
          <p className="text-sm text-slate-600">The document declares no security scheme; a connector chooses its authentication by hand.</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="security-schemes">
            {Object.entries(version.securitySchemes).map(([name, scheme]) => (
              <li key={name}>
                <span className="font-medium">{name}</span> <Badge>{String(scheme.type)}</Badge>{' '}
                <span className="text-slate-600">
                  {scheme.type === 'apiKey'
                    ? `${String(scheme.name)} in ${String(scheme.in)}`
                    : scheme.type === 'http'
                      ? String(scheme.scheme)
                      : scheme.type === 'oauth2'
                        ? Object.keys((scheme.flows as object) ?? {}).join(', ')
                        : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Tags">
        {version.tags.length === 0 ? (
          <p className="text-sm text-slate-600">No tags.</p>
        ) : (
          <ul className="flex flex-wrap gap-1.5">
            {version.tags.map((t) => (
              <li key={t.name} title={t.description}>
                <Badge tone="indigo">{t.name}</Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {version.warnings.length > 0 || version.unresolvedRefs.length > 0 ? (
        <div className="lg:col-span-2">
          <ProblemReport
            problems={version.warnings}
            title={`Import warnings (${version.warnings.length})${version.unresolvedRefs.length ? ` · ${version.unresolvedRefs.length} external references left unresolved` : ''}`}
          />
        </div>
      ) : null}
    </div>
  );
}
