// One table for every list: a header row, body rows, an empty state, and horizontal scrolling
// inside its own box on a narrow screen instead of widening the page.
import { Children, Fragment, isValidElement, type HTMLAttributes, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from 'react';

type Align = 'left' | 'right';

// Header cells usually arrive wrapped in one fragment; the empty state spans every cell inside it.
const countCells = (node: ReactNode): number =>
  Children.toArray(node).reduce<number>((n, child) => n + (isValidElement<{ children?: ReactNode }>(child) && child.type === Fragment ? countCells(child.props.children) : 1), 0);

/**
 * `head` holds the header cells (`<Th>`), `children` the rows (`<Tr>`). With no rows, `empty` is
 * shown in one cell across every column.
 */
export function Table({
  label,
  head,
  children,
  empty = 'Nothing here yet.',
  className = '',
  tableClassName = '',
  'data-testid': testId,
}: {
  /** Names the scrolling region for screen readers, e.g. "Audit entries". */
  label: string;
  head: ReactNode;
  children?: ReactNode;
  empty?: ReactNode;
  className?: string;
  /** For the table element itself, e.g. `table-fixed min-w-[40rem]` to keep columns readable and scroll. */
  tableClassName?: string;
  'data-testid'?: string;
}) {
  const rows = Children.toArray(children);
  const columns = Math.max(1, countCells(head));
  return (
    // Focusable so that a keyboard can scroll it; the region's name says what scrolls. Relative, so
    // that absolutely placed content (sr-only text) scrolls with it instead of widening the page.
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative max-w-full overflow-x-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${className}`}
    >
      <table className={`w-full text-left text-sm ${tableClassName}`} data-testid={testId}>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.length > 0 ? (
            rows
          ) : (
            <tr>
              <td colSpan={columns} className="px-3 py-6 text-center text-sm text-slate-500" data-testid="table-empty">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const alignment = (align: Align | undefined) => (align === 'right' ? 'text-right' : '');

export function Th({ align, className = '', children, ...props }: ThHTMLAttributes<HTMLTableCellElement> & { align?: Align }) {
  return (
    <th scope="col" className={`whitespace-nowrap px-3 py-2 font-medium ${alignment(align)} ${className}`} {...props}>
      {children}
    </th>
  );
}

export function Tr({
  className = '',
  current,
  children,
  ...props
}: HTMLAttributes<HTMLTableRowElement> & { /** Marks the row as the current one (highlighted, "current" for screen readers). */ current?: boolean; 'data-testid'?: string }) {
  return (
    <tr aria-current={current ? 'true' : undefined} className={`${current ? 'bg-indigo-50/60 font-medium' : ''} ${className}`} {...props}>
      {children}
    </tr>
  );
}

export function Td({ align, className = '', children, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { align?: Align }) {
  return (
    <td className={`px-3 py-2 ${alignment(align)} ${className}`} {...props}>
      {children}
    </td>
  );
}
