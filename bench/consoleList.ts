/**
 * How the console's executions list copes with many executions: starts N executions of a Pass
 * machine on `aethon dev` (the console test project, state in a temporary folder), then measures in
 * Chromium how long the list takes to show its first page with the full count, and how long one
 * refresh (every ListExecutions page) takes.
 *
 * Run: npx tsx bench/consoleList.ts [N=2000]
 */
import { callStepFunctions, runBench, withConsoleInChromium } from './consoleInChromium.ts';

const count = Number(process.argv[2] ?? 2000);

async function main(): Promise<void> {
  await withConsoleInChromium(async (server, browser) => {
    const { stateMachineArn } = await callStepFunctions(server.endpoint, 'CreateStateMachine', { name: 'bulk', roleArn: 'arn:aws:iam::123456789012:role/r', definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }) });
    const started = performance.now();
    for (let batch = 0; batch < count; batch += 50) {
      await Promise.all(Array.from({ length: Math.min(50, count - batch) }, (_, i) => callStepFunctions(server.endpoint, 'StartExecution', { stateMachineArn, name: `bulk-${batch + i}`, input: JSON.stringify({ n: batch + i }) })));
    }
    console.log(`started ${count} executions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const page = await browser.newPage();
    const opened = performance.now();
    await page.goto(`${server.endpoint}/?workflow=bulk`);
    await page.locator(`.pager:has-text("(${count} executions)")`).waitFor({ timeout: 120_000 });
    console.log(`list: first page of 50 with the count of ${count} after ${Math.round(performance.now() - opened)} ms`);
    const refresh = await page.evaluate(async (arn) => {
      const begin = performance.now();
      let nextToken: string | undefined;
      let rows = 0;
      do {
        const response = await fetch('/', { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ stateMachineArn: arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }) });
        const page = (await response.json()) as { executions: unknown[]; nextToken?: string };
        rows += page.executions.length;
        nextToken = page.nextToken;
      } while (nextToken);
      return { rows, ms: Math.round(performance.now() - begin) };
    }, stateMachineArn as string);
    console.log(`one refresh (every ListExecutions page, ${refresh.rows} rows): ${refresh.ms} ms`);
  });
}

runBench(main);
