'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldErrors, FormError, SelectField, TextField } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { createConnectorAction, discoverIssuerAction, updateConnectorAction } from '@/app/(console)/w/[workspace]/providers/connectors/actions';
import type { AuthConfig, AuthType, CredentialMode, ExtraParameter } from '@/db/schema';
import type { Server } from '@/lib/openapi';

export type AuthChoice = { authType: AuthType; label: string; config: AuthConfig };
export type ConnectorFormValues = {
  name: string;
  description: string;
  environment: string;
  credentialMode: CredentialMode;
  authType: AuthType;
  authConfig: AuthConfig;
  baseUrl: string;
  serverVariables: Record<string, string>;
  extraParameters: ExtraParameter[];
  testToolName: string;
};

const allTypes: AuthChoice[] = [
  { authType: 'api_key', label: 'API key', config: { apiKey: { name: 'X-API-Key', in: 'header' } } },
  { authType: 'bearer', label: 'HTTP bearer token', config: {} },
  { authType: 'basic', label: 'HTTP basic', config: {} },
  { authType: 'oauth2_code', label: 'User OAuth (authorization code)', config: { oauth2: { scopes: [], clientAuth: 'basic' } } },
  { authType: 'oauth2_client_credentials', label: 'App Token (client credentials)', config: { oauth2: { scopes: [], clientAuth: 'basic' } } },
  { authType: 'none', label: 'No authentication', config: {} },
];
const environments = ['production', 'staging', 'development'];

/** Creates or edits a connector. Secret fields start empty: leaving them empty keeps what is stored. */
export function ConnectorForm({
  workspace,
  providerId,
  connectorId,
  documentChoices,
  servers,
  initial,
  secretsSet,
}: {
  workspace: string;
  providerId: string;
  connectorId?: string;
  documentChoices: AuthChoice[];
  servers: Server[];
  initial?: ConnectorFormValues;
  secretsSet: string[];
}) {
  const router = useRouter();
  // The document's schemes come first; any other type stays available, as documents are often incomplete.
  const choices = documentChoices.length
    ? [...documentChoices, ...allTypes.map((t) => ({ ...t, label: t.authType === 'none' ? t.label : `${t.label} (not in the document)` }))]
    : allTypes;
  const [choice, setChoice] = useState(() =>
    initial
      ? Math.max(
          0,
          choices.findIndex((c) => c.authType === initial.authType),
        )
      : 0,
  );
  const auth = initial && choices[choice]?.authType === initial.authType ? { ...choices[choice]!, config: initial.authConfig } : choices[choice]!;
  const [environment, setEnvironment] = useState(initial?.environment ?? 'production');
  const [baseChoice, setBaseChoice] = useState(
    initial?.baseUrl ? (servers.some((s) => s.url === initial.baseUrl) ? initial.baseUrl : '__override') : (servers[0]?.url ?? '__override'),
  );
  const [extras, setExtras] = useState<ExtraParameter[]>(initial?.extraParameters ?? []);
  const afterSave = { refresh: false, onSuccess: (data: { id: string }) => router.push(`/w/${workspace}/providers/connectors/${data.id}`) };
  const create = useAction(createConnectorAction, afterSave);
  const update = useAction(updateConnectorAction, afterSave);
  const save = connectorId ? update : create;
  const fields = save.fields;
  const f = (name: string) => fields[`connector.${name}`];
  const server = servers.find((s) => s.url === baseChoice);
  const isSet = (name: string) => secretsSet.includes(name);
  const secretHint = (name: string) => (isSet(name) ? 'A value is set. Leave empty to keep it, or type a new one to replace it.' : 'Not set yet.');

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const variables: Record<string, string> = {};
    for (const name of Object.keys(server?.variables ?? {})) if (text(`var:${name}`)) variables[name] = text(`var:${name}`);
    const common = {
      name: text('name'),
      description: text('description'),
      environment: environment === '__other' ? text('environmentOther') : environment,
      credentialMode: text('credentialMode') as CredentialMode,
      baseUrl: baseChoice === '__override' ? text('baseUrl') : baseChoice,
      serverVariables: variables,
      extraParameters: extras.map((p, i) => ({ name: text(`extra:${i}:name`), secret: p.secret, value: String(form.get(`extra:${i}:value`) ?? '') || undefined })),
      testToolName: text('testToolName'),
      schemeName: auth.config.schemeName,
    };
    const oauth2 = () => ({
      issuer: text('oauth:issuer'),
      authorizationUrl: text('oauth:authorizationUrl'),
      tokenUrl: text('oauth:tokenUrl'),
      scopes: text('oauth:scopes')
        .split(/[\s,]+/)
        .filter(Boolean),
      clientId: text('oauth:clientId'),
      clientAuth: text('oauth:clientAuth') as 'basic' | 'post',
    });
    const secret = (name: string) => String(form.get(`secret:${name}`) ?? '') || undefined;
    const connector =
      auth.authType === 'api_key'
        ? {
            ...common,
            authType: auth.authType,
            apiKey: { name: text('apiKey:name'), in: text('apiKey:in') as 'header', prefix: text('apiKey:prefix') },
            secrets: { api_key: secret('api_key') },
          }
        : auth.authType === 'basic'
          ? { ...common, authType: auth.authType, username: text('username'), secrets: { password: secret('password') } }
          : auth.authType === 'bearer'
            ? { ...common, authType: auth.authType, secrets: { token: secret('token') } }
            : auth.authType === 'none'
              ? { ...common, authType: auth.authType }
              : { ...common, authType: auth.authType, oauth2: oauth2(), secrets: { client_secret: secret('client_secret') } };
    // The server validates the whole shape again; here it is assembled from the form.
    if (connectorId) update.run({ workspace, connectorId, connector } as Parameters<typeof update.run>[0]);
    else create.run({ workspace, providerId, connector } as Parameters<typeof create.run>[0]);
  }

  const o = auth.config.oauth2;
  const formRef = useRef<HTMLFormElement>(null);
  const [discovered, setDiscovered] = useState<string | null>(null);
  const discovery = useAction(discoverIssuerAction, { refresh: false });
  async function fillFromIssuer() {
    const form = formRef.current;
    if (!form) return;
    const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    setDiscovered(null);
    const result = await discovery.runAsync({ workspace, issuer: input('oauth:issuer')?.value.trim() ?? '' });
    if (!result.ok) return;
    for (const [name, value] of [
      ['oauth:authorizationUrl', result.data.authorizationUrl],
      ['oauth:tokenUrl', result.data.tokenUrl],
    ] as const) {
      const field = input(name);
      if (field) field.value = value;
    }
    setDiscovered(
      `Filled from the issuer's metadata${result.data.revocation ? '; it offers token revocation' : ''}.${result.data.scopesSupported.length ? ` Scopes it supports: ${result.data.scopesSupported.join(' ')}.` : ''}`,
    );
  }
  return (
    <form ref={formRef} onSubmit={submit} className="max-w-3xl space-y-6" aria-label="Connector">
      <FormError message={save.error} />
      <section className="grid gap-4 sm:grid-cols-2">
        <TextField label="Name" name="name" required defaultValue={initial?.name} errors={f('name')} placeholder="Gmail (support inbox)" />
        <div className="space-y-1">
          <SelectField
            label="Environment"
            name="environmentChoice"
            value={environments.includes(environment) ? environment : '__other'}
            onChange={(e) => setEnvironment(e.target.value === '__other' ? '' : e.target.value)}
          >
            {environments.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
            <option value="__other">other…</option>
          </SelectField>
          {!environments.includes(environment) ? (
            <TextField
              label="Environment name"
              name="environmentOther"
              defaultValue={environment}
              onChange={(e) => setEnvironment(e.target.value || '')}
              errors={f('environment')}
            />
          ) : null}
        </div>
        <div className="sm:col-span-2">
          <TextField label="Description" name="description" defaultValue={initial?.description} errors={f('description')} />
        </div>
      </section>

      <section className="space-y-3 rounded-md border border-slate-200 p-4">
        <h3 className="text-sm font-semibold">Authentication</h3>
        <SelectField
          label="Type"
          name="authChoice"
          value={String(choice)}
          onChange={(e) => setChoice(Number(e.target.value))}
          hint={
            documentChoices.length
              ? 'Offered from the security schemes of the provider’s document.'
              : 'The document declares no security scheme: choose how this API authenticates.'
          }
        >
          {choices.map((c, i) => (
            <option key={`${c.authType}-${i}`} value={i}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Credentials"
          name="credentialMode"
          defaultValue={initial?.credentialMode ?? 'shared'}
          hint="Shared: one credential for everyone using the connector. Per user: each person connects their own account."
        >
          <option value="shared">Shared</option>
          <option value="per_user">Per user</option>
        </SelectField>
        {auth.authType === 'api_key' ? (
          <div className="grid gap-3 sm:grid-cols-3" key={`api-${choice}`}>
            <TextField label="Key name" name="apiKey:name" defaultValue={auth.config.apiKey?.name} errors={f('apiKey.name')} />
            <SelectField label="Sent in" name="apiKey:in" defaultValue={auth.config.apiKey?.in ?? 'header'} errors={f('apiKey.in')}>
              <option value="header">header</option>
              <option value="query">query</option>
              <option value="cookie">cookie</option>
            </SelectField>
            <TextField label="Prefix (optional)" name="apiKey:prefix" defaultValue={auth.config.apiKey?.prefix} placeholder="e.g. Token" />
            <div className="sm:col-span-3">
              <TextField label="API key" name="secret:api_key" type="password" autoComplete="off" hint={secretHint('api_key')} errors={f('secrets.api_key')} />
            </div>
          </div>
        ) : null}
        {auth.authType === 'basic' ? (
          <div className="grid gap-3 sm:grid-cols-2" key={`basic-${choice}`}>
            <TextField label="User name" name="username" defaultValue={auth.config.username} errors={f('username')} />
            <TextField label="Password" name="secret:password" type="password" autoComplete="off" hint={secretHint('password')} />
          </div>
        ) : null}
        {auth.authType === 'bearer' ? <TextField key={`bearer-${choice}`} label="Token" name="secret:token" type="password" autoComplete="off" hint={secretHint('token')} /> : null}
        {auth.authType === 'oauth2_code' || auth.authType === 'oauth2_client_credentials' ? (
          <div className="grid gap-3 sm:grid-cols-2" key={`oauth-${choice}`}>
            <div>
              <TextField
                label="Issuer (discovery)"
                name="oauth:issuer"
                defaultValue={o?.issuer}
                errors={f('oauth2.issuer')}
                hint="When the provider publishes OpenID/OAuth metadata, its URLs are filled from it."
              />
              <Button variant="secondary" size="sm" className="mt-1" disabled={discovery.pending} onClick={fillFromIssuer}>
                {discovery.pending ? 'Reading metadata…' : 'Fill URLs from issuer'}
              </Button>
              {discovered ? (
                <p className="mt-1 text-xs text-green-800" role="status">
                  {discovered}
                </p>
              ) : null}
              <FormError message={discovery.fields.issuer?.[0] ?? discovery.error} />
            </div>
            {auth.authType === 'oauth2_code' ? (
              <TextField label="Authorization URL" name="oauth:authorizationUrl" defaultValue={o?.authorizationUrl} errors={f('oauth2.authorizationUrl')} />
            ) : (
              <span />
            )}
            <TextField label="Token URL" name="oauth:tokenUrl" defaultValue={o?.tokenUrl} errors={f('oauth2.tokenUrl')} />
            <TextField label="Scopes" name="oauth:scopes" defaultValue={o?.scopes.join(' ')} hint="Separated by spaces." />
            <TextField label="Client id" name="oauth:clientId" defaultValue={o?.clientId} errors={f('oauth2.clientId')} />
            <TextField label="Client secret" name="secret:client_secret" type="password" autoComplete="off" hint={secretHint('client_secret')} />
            <SelectField label="Client authentication" name="oauth:clientAuth" defaultValue={o?.clientAuth ?? 'basic'}>
              <option value="basic">HTTP basic (client_secret_basic)</option>
              <option value="post">In the body (client_secret_post)</option>
            </SelectField>
            <FieldErrors errors={f('oauth2')} />
          </div>
        ) : null}
      </section>

      <section className="space-y-3 rounded-md border border-slate-200 p-4">
        <h3 className="text-sm font-semibold">Environment</h3>
        <SelectField label="Base URL" name="baseChoice" value={baseChoice} onChange={(e) => setBaseChoice(e.target.value)}>
          {servers.map((s) => (
            <option key={s.url} value={s.url}>
              {s.url}
              {s.description ? ` — ${s.description}` : ''}
            </option>
          ))}
          <option value="__override">Another URL…</option>
        </SelectField>
        {baseChoice === '__override' ? (
          <TextField label="Base URL override" name="baseUrl" defaultValue={initial?.baseUrl} placeholder="https://api.example.com/v1" errors={f('baseUrl')} />
        ) : null}
        {server?.variables
          ? Object.entries(server.variables).map(([name, variable]) =>
              variable.enum ? (
                <SelectField key={name} label={`{${name}}`} name={`var:${name}`} defaultValue={initial?.serverVariables[name] ?? variable.default} hint={variable.description}>
                  {variable.enum.map((v) => (
                    <option key={v}>{v}</option>
                  ))}
                </SelectField>
              ) : (
                <TextField key={name} label={`{${name}}`} name={`var:${name}`} defaultValue={initial?.serverVariables[name] ?? variable.default} hint={variable.description} />
              ),
            )
          : null}
        <div className="space-y-2">
          <p className="text-sm font-medium text-slate-700">Extra parameters</p>
          {extras.map((param, i) => (
            <div key={i} className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_auto_auto]">
              <TextField label="Name" name={`extra:${i}:name`} defaultValue={param.name} placeholder="tenant_id" errors={fields[`connector.extraParameters.${i}.name`]} />
              <TextField
                label={param.secret ? 'Value (secret)' : 'Value'}
                name={`extra:${i}:value`}
                type={param.secret ? 'password' : 'text'}
                defaultValue={param.secret ? '' : param.value}
                hint={param.secret ? secretHint(`param:${param.name}`) : undefined}
              />
              <label className="mb-2 flex items-center gap-1 text-xs">
                <input type="checkbox" checked={param.secret} onChange={(e) => setExtras(extras.map((p, j) => (j === i ? { ...p, secret: e.target.checked } : p)))} /> secret
              </label>
              <Button size="sm" variant="ghost" className="mb-1.5" onClick={() => setExtras(extras.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </div>
          ))}
          <FieldErrors errors={f('extraParameters')} />
          <Button size="sm" variant="secondary" onClick={() => setExtras([...extras, { name: '', secret: false }])}>
            Add a parameter
          </Button>
        </div>
        <TextField
          label="Operation for Test connection (optional)"
          name="testToolName"
          defaultValue={initial?.testToolName}
          hint="A tool name. When empty, a harmless GET is chosen automatically."
        />
      </section>

      <Button type="submit" disabled={save.pending}>
        {save.pending ? 'Saving…' : connectorId ? 'Save connector' : 'Create connector'}
      </Button>
    </form>
  );
}
