import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { COMMANDS } from './commands';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS)
      .map(([n, c]) => `  ${n.padEnd(10)} ${c.description}`)
      .join('\n');
    process.stderr.write(`${name ? `Unknown command "${name}".\n` : ''}Usage: cli <command> [args]\n\nCommands:\n${list}\n`);
    return 64;
  }
  return command.run(args, () => loadConfigOrExit());
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
