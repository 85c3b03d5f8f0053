// A step that reads a secret through Aethon's runtime, then prints it in every way but the logger.
import { step } from '../../../../../lib/runtime/index.ts';

export const handler = step(async (input: { fail?: boolean }, ctx) => {
  const key = await ctx.secret('partnerApiKey');
  console.log(`calling the partner with ${key}`);
  process.stdout.write(`raw ${key}\n`);
  console.error({ headers: { authorization: `Bearer ${key}` } });
  setTimeout(() => console.log(`after the invocation: ${key}`), 0);
  return { ok: true };
});
