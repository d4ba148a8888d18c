// The one table primitive: its empty state spans every column, and no page writes its own <table>.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table, Th } from '@/components/ui/table';

const root = path.resolve(import.meta.dirname, '..');
const tsxFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(path.join(dir, e.name)) : e.name.endsWith('.tsx') ? [path.join(dir, e.name)] : [],
  );

describe('Table', () => {
  it('spans the empty state across every header cell, also when they come in a fragment', () => {
    const head = createElement(Fragment, null, createElement(Th, null, 'Name'), createElement(Th, null, 'Role'), null, createElement(Th, null, 'Last sign-in'));
    const html = renderToStaticMarkup(createElement(Table, { label: 'Members', head, empty: 'No members yet.' }));
    expect(html).toMatch(/colspan="3"/i);
    expect(html).toContain('No members yet.');
  });

  it('is the only place in app/ and components/ that writes a <table>', () => {
    const handWritten = [...tsxFiles('app'), ...tsxFiles('components')].filter(
      (f) => f !== path.join('components', 'ui', 'table.tsx') && readFileSync(path.join(root, f), 'utf8').includes('<table'),
    );
    expect(handWritten).toEqual([]);
  });
});
