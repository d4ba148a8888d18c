// Starts the built app for the end-to-end tests on a fresh embedded database, keeping a copy of
// its output in DATA_DIR/server.log so tests can check that no secret was ever logged.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dataDir = process.env.DATA_DIR ?? '.test-data/e2e';
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
const log = fs.createWriteStream(path.join(dataDir, 'server.log'));
const child = spawn('npx', ['next', 'start', '-p', process.env.PORT ?? '3100'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    log.write(chunk);
    process.stdout.write(chunk);
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
