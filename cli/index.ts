// Operator commands: `npm run cli -- <command> [options]`. Run `npm run cli -- help` for the list.
import { parseArgs } from 'node:util';
import { commands } from './commands';

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command || name === 'help') {
    console.log('Usage: npm run cli -- <command> [options]\n\nCommands:');
    for (const [key, c] of Object.entries(commands)) console.log(`  ${key.padEnd(22)} ${c.summary}`);
    process.exitCode = name && name !== 'help' ? 2 : 0;
    return;
  }
  const { values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  process.exitCode = (await command.run({ values, positionals })) ?? 0;
}

main().catch((error) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
