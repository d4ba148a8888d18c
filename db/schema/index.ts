export * from './users';
export * from './workspaces';
export * from './audit';
export * from './notifications';
export * from './providers';
export * from './connectors';
export * from './platform';
export * from './models';
