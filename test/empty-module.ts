// Stands in for `server-only` under vitest and the CLI, where there is no browser bundle to guard.
export {};
