// The aethon CLI: a shim over lib/cli, which takes its streams as arguments.
import { main } from '../lib/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });
