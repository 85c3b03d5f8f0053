// The aethon CLI: a shim over lib/cli, which takes its streams as arguments.
import { createInterface } from 'node:readline/promises';
import { main } from '../lib/cli/main.ts';

/** A yes/no question, only where a person can answer it. */
const confirm = process.stdin.isTTY
  ? async (question: string) => {
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await terminal.question(question)).trim());
      } finally {
        terminal.close();
      }
    }
  : undefined;

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, ...(confirm ? { confirm } : {}) });
