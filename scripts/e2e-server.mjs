// Starts the built app for the end-to-end tests on a fresh embedded database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const dataDir = process.env.DATA_DIR ?? '.test-data/e2e';
fs.rmSync(dataDir, { recursive: true, force: true });
const child = spawn('npx', ['next', 'start', '-p', process.env.PORT ?? '3100'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
