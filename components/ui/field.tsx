import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

const control =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500';

type FieldProps = { label: string; errors?: string[]; hint?: ReactNode };

export function TextField({ label, errors, hint, id, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={inputId} className={control} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${inputId}-error` : undefined} {...props} />
      {hint && !errors?.length ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

export function SelectField({ label, errors, hint, id, children, ...props }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId();
  const inputId = id ?? generated;
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={inputId} className={control} aria-invalid={errors?.length ? true : undefined} {...props}>
        {children}
      </select>
      {hint && !errors?.length ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <FieldErrors id={`${inputId}-error`} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-xs text-red-600">
      {errors.join(' ')}
    </p>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </div>
  );
}
